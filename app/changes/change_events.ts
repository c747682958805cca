import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { message } from '#app/core/messages'
import { envelope, type EventType } from '#app/notifications/events'
import { announceOnCommit } from '#app/monitoring/events_outbox'
import type { ChangeStatus } from '#shared/change_lifecycle'
import type Change from '#app/changes/change'

/** The statuses a change announces on reaching them (CAB requests, decisions, the work itself). */
const ANNOUNCED: Partial<Record<ChangeStatus, EventType>> = {
  submitted: 'change.submitted',
  approved: 'change.approved',
  rejected: 'change.rejected',
  scheduled: 'change.scheduled',
  implementing: 'change.implementing',
  implemented: 'change.implemented',
  failed: 'change.failed',
}

const PRIORITY = { high: 'P2', medium: 'P3', low: 'P4' } as const

/**
 * Announces a change's move in the one envelope, written with the move and sent once it commits.
 * An emergency change outranks the rest (P1); otherwise its assessed risk gives the priority. The
 * board is in the payload, so a CAB request reaches its members (app/notifications/subscriptions.ts).
 */
export async function announceChange(trx: TransactionClientContract, row: Change, from: ChangeStatus, at: Date) {
  const type = ANNOUNCED[row.status]
  if (!type || row.status === from) return
  const board = row.boardId ? await trx.from('change_boards').where('id', row.boardId).select('id', 'name').first() : null
  const event = envelope({
    type,
    at,
    subject: { kind: 'change', id: row.id },
    agency_id: row.agencyId,
    priority: row.type === 'emergency' ? 'P1' : PRIORITY[row.risk],
    summary: message('events.record', { type, number: row.number, title: row.title, board: type === 'change.submitted' ? (board?.name ?? null) : null }),
    payload: {
      change: { id: row.id, number: row.number, title: row.title, type: row.type, status: row.status, from, risk: row.risk },
      board_id: board?.id ?? null,
      requested_by_id: row.requestedById,
    },
  })
  await announceOnCommit(trx, [event])
}
