import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { queue } from '#app/platform/queues'
import { emitMonitoringEvent, type MonitoringEvent } from '#app/monitoring/events'
import type { NotificationEvent } from '#app/notifications/events'

/** Monitoring's raw announcements, or the envelope any other producer seals. */
type Outgoing = MonitoringEvent | NotificationEvent

/** Where events go: by default the in-process emitter plus the notifications queue (events.ts). */
export type EmitEvent = (event: Outgoing) => Promise<void | boolean> | void | boolean

/**
 * The outbox of monitoring events (database/migrations/0015): what a transaction announces is
 * written by that transaction, so it exists exactly when the change does. The process that
 * committed sends it at once and deletes it; a row still here later was not sent (the process
 * died after its commit, or the queue did not answer) and the relay sends it. A repeat is
 * harmless: the notification dispatcher makes one delivery per channel and event key.
 */
export async function keepEvents(trx: TransactionClientContract, events: Outgoing[]): Promise<string[]> {
  if (!events.length) return []
  const rows = await trx
    .insertQuery()
    .table('monitoring_outbox')
    .multiInsert(events.map((event) => ({ event: JSON.stringify(event) })))
    .returning('id')
  return rows.map((r: { id: string | number }) => String(r.id))
}

export async function sentEvents(ids: string[]) {
  if (ids.length) await db.from('monitoring_outbox').whereIn('id', ids).delete()
}

/** After the commit: each event out, and its outbox row gone once it is on the queue. */
export async function publishKept(events: Outgoing[], kept: string[], emit: EmitEvent = emitMonitoringEvent) {
  const sent: string[] = []
  for (const [i, event] of events.entries()) {
    if ((await emit(event)) !== false) sent.push(kept[i])
  }
  // Left in the outbox when this fails: the relay sends them again, which is harmless.
  await sentEvents(sent).catch((error) => logger.warn({ err: error }, 'monitoring outbox not cleared'))
}

/**
 * For producers whose transaction is not theirs to end (a resource hook, a command run inside
 * another's transaction): the events are kept by the transaction and sent once it commits.
 */
export async function announceOnCommit(trx: TransactionClientContract, events: Outgoing[]) {
  const kept = await keepEvents(trx, events)
  if (kept.length) trx.after('commit', () => publishKept(events, kept))
}

/** A row younger than this may still be on its way from the process that wrote it. */
const GRACE_MS = 10_000

/**
 * Queues what is left in the outbox. Rows are locked (SKIP LOCKED) so several monitoring
 * workers relay each once; the job id is the row's, so a row relayed again after a crash
 * between the queue and the delete is one job.
 */
export async function relayOutbox({ graceMs = GRACE_MS, limit = 200 } = {}) {
  return db.transaction(async (trx) => {
    const rows = await trx
      .from('monitoring_outbox')
      .where('created_at', '<', new Date(Date.now() - graceMs))
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .select('id', 'event')
    for (const row of rows) {
      const event = row.event as Outgoing
      await queue('notifications').add(event.type, event, { jobId: `outbox-${row.id}`, removeOnComplete: 1000, removeOnFail: 5000 })
    }
    if (rows.length) await trx.from('monitoring_outbox').whereIn('id', rows.map((r) => r.id)).delete()
    return rows.length
  })
}

/** Relays every `everyMs` until stopped; failures (the database or Redis away) wait for the next round. */
export function startOutboxRelay(everyMs = 5000) {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<unknown> = Promise.resolve()
  const round = () => {
    timer = setTimeout(() => {
      running = relayOutbox()
        .then((n) => n && logger.info({ relayed: n }, 'monitoring events relayed from the outbox'))
        .catch((error) => logger.warn({ err: error }, 'monitoring outbox relay'))
        .finally(() => timer && round())
    }, everyMs)
  }
  round()
  return async () => {
    if (timer) clearTimeout(timer)
    timer = null
    await running
  }
}
