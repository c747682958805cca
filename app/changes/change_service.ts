import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import { isInScope } from '#app/access/scope'
import type { Actor } from '#app/audit/audit_log'
import { FieldError } from '#app/core/errors'
import { message, type Message } from '#app/core/messages'
import { changeCommandTarget, changeCommandsFor, type ChangeCommand, type Level } from '#shared/change_lifecycle'
import Change from '#app/changes/change'
import { addChangeTimeline, saveChange, type ChangeEntry } from '#app/changes/change_timeline'
import { conflictsFor, type ChangeSpan } from '#app/changes/conflicts'
import { endWindow, openWindow, widenWindow } from '#app/changes/change_window'
import { announceChange } from '#app/changes/change_events'

/**
 * The one owner of changes: the routes, the board's votes (change_votes.ts) and the demo raise
 * and move changes here. Each move is checked against the lifecycle (shared/change_lifecycle.ts)
 * and written with its timeline entries and audit row in the same transaction; scheduling opens
 * the maintenance window that silences the change's items, and the end of the work ends it.
 */

/** What each command's body carries, once validated (change_routes.ts). */
export type ChangeCommandBody =
  | { command: 'assess'; risk: Level; impact: Level; assessment: string }
  | { command: 'fail' | 'cancel'; reason: string }
  | { command: 'review'; review: string }
  | { command: Exclude<ChangeCommand, 'assess' | 'fail' | 'cancel' | 'review'>; note?: string | null }

export function actorOf(user: User): Actor {
  return { id: user.id, email: user.email }
}

export async function numberChange(trx: TransactionClientContract, row: Change, at: Date) {
  const { rows } = await trx.rawQuery(`SELECT nextval('change_number_seq') AS n`)
  row.number = `CHG-${at.getUTCFullYear()}-${String(rows[0].n).padStart(6, '0')}`
}

export async function recordRaised(trx: TransactionClientContract, actor: Actor, row: Change, at: Date) {
  await addChangeTimeline(trx, row.id, [{ kind: 'opened', at, actor, toStatus: row.status, message: message('changes.timeline_opened') }])
}

export async function lockChange(trx: TransactionClientContract, id: number) {
  return Change.query({ client: trx }).where('id', id).forUpdate().first()
}

export async function spanOf(trx: TransactionClientContract | typeof db, row: Change): Promise<ChangeSpan> {
  const items = await trx.from('change_items').where('change_id', row.id).select('item_type', 'item_id')
  return {
    id: row.id, number: row.number, title: row.title, type: row.type, status: row.status, agencyId: row.agencyId,
    start: row.plannedStart.toJSDate(), end: row.plannedEnd.toJSDate(), items,
  }
}

/** The warnings a move writes on the timeline: overlapping changes on shared items, freezes. */
async function warningEntries(trx: TransactionClientContract, actor: Actor, row: Change, reader: User | null, at: Date): Promise<ChangeEntry[]> {
  const conflicts = (await conflictsFor([await spanOf(trx, row)], reader, trx)).get(row.id) ?? []
  return conflicts.map((c) => ({
    kind: 'warning' as const,
    at,
    actor,
    message: c.kind === 'overlap' ? message('changes.timeline_overlap', { number: c.number, items: c.items }) : message('changes.timeline_freeze', { name: c.name }),
  }))
}

/**
 * The board that decides a change of this type for this agency: the agency's own, else the
 * nearest agency above it with one, else the national board; only a board whose active members
 * can reach its quorum, and the oldest where two are as near.
 */
export async function boardFor(trx: TransactionClientContract, type: string, agencyId: number) {
  return trx
    .from('change_boards as b')
    .leftJoin('agencies as ba', 'ba.id', 'b.agency_id')
    .joinRaw('JOIN agencies a ON a.id = ?', [agencyId])
    .where('b.change_type', type)
    .where((q) => q.whereNull('b.agency_id').orWhereRaw(`a.path LIKE ba.path || '%'`))
    .whereRaw(
      `(SELECT count(*) FROM change_board_members m JOIN users u ON u.id = m.user_id WHERE m.board_id = b.id AND u.active) >= b.quorum`
    )
    .orderByRaw('length(ba.path) DESC NULLS LAST, b.id')
    .select('b.id', 'b.name', 'b.quorum')
    .first()
}

/**
 * Carries out one command of a person, announced once it commits. Null when the change is not
 * one the user may see (the same answer as one that does not exist).
 */
export async function runChangeCommand(user: User, id: number, body: ChangeCommandBody) {
  return db.transaction(async (trx) => {
    const row = await lockChange(trx, id)
    if (!row || !(await isInScope(user, row.agencyId, trx))) return null
    const from = row.status
    const at = new Date()
    await applyChangeCommand(trx, actorOf(user), row, body, at, user)
    await announceChange(trx, row, from, at)
    return row
  })
}

/**
 * One command on a locked change, by whoever gives it (a person, the demo replaying a history).
 * A move the change does not offer now is a 422 on `status` naming the commands it does.
 */
export async function applyChangeCommand(
  trx: TransactionClientContract,
  actor: Actor,
  row: Change,
  body: ChangeCommandBody,
  at: Date,
  reader: User | null = null
) {
  const from = row.status
  const to = changeCommandTarget(body.command, row.type, from)
  if (to === null) {
    throw new FieldError('status', message('changes.command_refused', { command: body.command, from, allowed: changeCommandsFor(row.type, from) }))
  }
  const before = row.serialize()
  const entries: ChangeEntry[] = []
  const after: ChangeEntry[] = []
  let text: string | null = 'note' in body ? (body.note ?? null) : null
  const stamp = DateTime.fromJSDate(at)

  switch (body.command) {
    case 'submit':
      row.submittedAt = stamp
      if (row.type === 'standard') {
        row.decidedAt = stamp
      } else {
        const board = await boardFor(trx, row.type, row.agencyId)
        if (!board) throw new FieldError('board_id', message('changes.no_board', { type: row.type }))
        row.boardId = board.id
        after.push({ kind: 'board', at, actor, message: message('changes.timeline_board', { board: board.name }) })
      }
      after.push(...(await warningEntries(trx, actor, row, reader, at)))
      break
    case 'assess':
      row.risk = body.risk
      row.impact = body.impact
      row.assessment = body.assessment
      text = body.assessment
      break
    case 'schedule':
      after.push(await openWindow(trx, actor, row, at))
      after.push(...(await warningEntries(trx, actor, row, reader, at)))
      break
    case 'start':
      await widenWindow(trx, actor, row, at)
      break
    case 'complete':
      row.implementedAt = stamp
      break
    case 'fail':
    case 'cancel':
      text = body.reason
      break
    case 'review':
      text = body.review
      break
  }
  if (to === 'implemented' || to === 'backed_out' || to === 'cancelled') {
    const ended = await endWindow(trx, actor, row, at)
    if (ended) after.push(ended)
  }
  if (to === 'closed' || to === 'cancelled') row.closedAt = stamp
  row.status = to
  const moved: Message = message('changes.timeline_moved', { from, to })
  entries.push({ kind: 'moved', at, actor, fromStatus: from, toStatus: to, message: moved, body: text }, ...after)
  await saveChange(trx, actor, row, before, entries)
  return row
}
