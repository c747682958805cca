import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { message } from '#app/core/messages'
import { envelope } from '#app/notifications/events'
import { announceOnCommit } from '#app/monitoring/events_outbox'
import type Problem from '#app/problems/problem'

/**
 * Announces a problem opened or resolved in the one envelope, sent once the transaction commits.
 * A national problem (no agency) is announced as such: only national readers hear of it.
 */
export async function announceProblem(trx: TransactionClientContract, row: Problem, type: 'problem.opened' | 'problem.resolved', at: Date) {
  await announceOnCommit(trx, [
    envelope({
      type,
      at,
      subject: { kind: 'problem', id: row.id },
      agency_id: row.agencyId,
      priority: row.priority,
      summary: message('events.record', { type, number: row.number, title: row.title }),
      payload: { problem: { id: row.id, number: row.number, title: row.title, status: row.status, priority: row.priority } },
    }),
  ])
}
