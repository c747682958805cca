import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { Actor } from '#app/audit/audit_log'
import { Message, type MessageKey } from '#app/core/messages'

/**
 * An incident's timeline: what happened to it, in order, with who and when. Entries the system
 * words are stored as a message (key and parameters) and put into the reader's language when
 * read; what a person writes (a note, a resolution, why they put it on hold) is kept as typed.
 */
export const TIMELINE_KINDS = [
  'opened', 'moved', 'assigned', 'note', 'worklog', 'priority', 'monitoring', 'parent', 'problem', 'sla_warning', 'sla_breach', 'attachment',
] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

export interface TimelineEntry {
  kind: TimelineKind
  at: Date
  actor: Actor
  fromStatus?: string | null
  toStatus?: string | null
  message?: Message | null
  body?: string | null
  minutesSpent?: number | null
}

export function storedMessage(text: Message | null | undefined) {
  return text ? { key: text.key, params: text.params } : null
}

/** A message read back from a jsonb column, ready to be worded. */
export function messageOf(stored: { key: string; params: unknown[] } | null | undefined): Message | null {
  if (!stored) return null
  return new Message(stored.key as MessageKey, ...(stored.params as [any]))
}

export async function addTimeline(trx: TransactionClientContract, incidentId: number, entries: TimelineEntry[]) {
  if (!entries.length) return []
  return trx
    .insertQuery()
    .table('incident_timeline')
    .insert(
      entries.map((e) => ({
        incident_id: incidentId,
        at: e.at,
        actor_id: e.actor.id,
        actor_email: e.actor.email,
        kind: e.kind,
        from_status: e.fromStatus ?? null,
        to_status: e.toStatus ?? null,
        message: storedMessage(e.message) ? JSON.stringify(storedMessage(e.message)) : null,
        body: e.body ?? null,
        minutes_spent: e.minutesSpent ?? null,
      }))
    )
    .returning('*')
}

/** The timeline as a reader sees it: oldest first, messages worded in their language. */
export async function timelineOf(incidentId: number, locale: string | null | undefined) {
  const rows = await db
    .from('incident_timeline as t')
    .leftJoin('users as u', 'u.id', 't.actor_id')
    .where('t.incident_id', incidentId)
    .orderBy([{ column: 't.at' }, { column: 't.id' }])
    .select('t.*', 'u.full_name as actor_name')
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    kind: r.kind as TimelineKind,
    actor: { id: r.actor_id, email: r.actor_email, name: r.actor_name ?? null },
    from_status: r.from_status,
    to_status: r.to_status,
    text: messageOf(r.message)?.in(locale) ?? null,
    body: r.body,
    minutes_spent: r.minutes_spent,
  }))
}
