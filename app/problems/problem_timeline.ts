import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { Actor } from '#app/audit/audit_log'
import type { Message } from '#app/core/messages'
import { messageOf, storedMessage } from '#app/incidents/incident_timeline'

/**
 * A problem's timeline: its moves and the incidents filed under it and taken out, with who and
 * when. Stored like an incident's: what the system words as a message, what a person typed as is.
 */
export const PROBLEM_TIMELINE_KINDS = ['opened', 'moved', 'known_error', 'linked', 'unlinked', 'incidents_resolved'] as const
export type ProblemTimelineKind = (typeof PROBLEM_TIMELINE_KINDS)[number]

export interface ProblemEntry {
  kind: ProblemTimelineKind
  at: Date
  actor: Actor
  fromStatus?: string | null
  toStatus?: string | null
  message: Message
  body?: string | null
}

export async function addProblemTimeline(trx: TransactionClientContract, problemId: number, entries: ProblemEntry[]) {
  if (!entries.length) return
  await trx.insertQuery().table('problem_timeline').multiInsert(
    entries.map((e) => ({
      problem_id: problemId,
      at: e.at,
      actor_id: e.actor.id,
      actor_email: e.actor.email,
      kind: e.kind,
      from_status: e.fromStatus ?? null,
      to_status: e.toStatus ?? null,
      message: JSON.stringify(storedMessage(e.message)),
      body: e.body ?? null,
    }))
  )
}

/** The timeline as a reader sees it: oldest first, worded in their language. */
export async function problemTimelineOf(problemId: number, locale: string | null | undefined) {
  const rows = await db
    .from('problem_timeline as t')
    .leftJoin('users as u', 'u.id', 't.actor_id')
    .where('t.problem_id', problemId)
    .orderBy([{ column: 't.at' }, { column: 't.id' }])
    .select('t.id', 't.at', 't.kind', 't.actor_id', 't.actor_email', 't.from_status', 't.to_status', 't.message', 't.body', 'u.full_name')
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    kind: r.kind as ProblemTimelineKind,
    actor: { id: r.actor_id, email: r.actor_email, name: r.full_name ?? null },
    from_status: r.from_status,
    to_status: r.to_status,
    text: messageOf(r.message)!.in(locale),
    body: r.body,
  }))
}
