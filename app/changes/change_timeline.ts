import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { Actor } from '#app/audit/audit_log'
import type { Message } from '#app/core/messages'
import { messageOf, storedMessage } from '#app/incidents/incident_timeline'

/**
 * A change's timeline: each move, vote, board decision, window opened or ended and warning, with
 * who and when. As on incidents, what the system says is a message worded for each reader and
 * what a person writes (a comment, a reason, the review) is kept as typed.
 */
export const CHANGE_TIMELINE_KINDS = ['opened', 'moved', 'vote', 'decided', 'board', 'window', 'warning'] as const
export type ChangeTimelineKind = (typeof CHANGE_TIMELINE_KINDS)[number]

export interface ChangeEntry {
  kind: ChangeTimelineKind
  at: Date
  actor: Actor
  fromStatus?: string | null
  toStatus?: string | null
  message?: Message | null
  body?: string | null
}

export async function addChangeTimeline(trx: TransactionClientContract, changeId: number, entries: ChangeEntry[]) {
  if (!entries.length) return
  await trx
    .insertQuery()
    .table('change_timeline')
    .multiInsert(
      entries.map((e) => ({
        change_id: changeId,
        at: e.at,
        actor_id: e.actor.id,
        actor_email: e.actor.email,
        kind: e.kind,
        from_status: e.fromStatus ?? null,
        to_status: e.toStatus ?? null,
        message: e.message ? JSON.stringify(storedMessage(e.message)) : null,
        body: e.body ?? null,
      }))
    )
}

/** Oldest first, worded in the reader's language. */
export async function changeTimelineOf(changeId: number, locale: string | null | undefined) {
  const rows = await db
    .from('change_timeline as t')
    .leftJoin('users as u', 'u.id', 't.actor_id')
    .where('t.change_id', changeId)
    .orderBy([{ column: 't.at' }, { column: 't.id' }])
    .select('t.*', 'u.full_name as actor_name')
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    kind: r.kind as ChangeTimelineKind,
    actor: { id: r.actor_id, email: r.actor_email, name: r.actor_name ?? null },
    from_status: r.from_status,
    to_status: r.to_status,
    text: messageOf(r.message)?.in(locale) ?? null,
    body: r.body,
  }))
}
