import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import { isInScope } from '#app/access/scope'
import { recordAudit, type Actor } from '#app/audit/audit_log'
import { FieldError, ForbiddenError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { tally, votingOpen, type Decision } from '#shared/change_lifecycle'
import type Change from '#app/changes/change'
import { lockChange } from '#app/changes/change_service'
import { saveChange } from '#app/changes/change_timeline'
import type { ChangeEntry } from '#app/changes/change_timeline'
import { announceChange } from '#app/changes/change_events'

/**
 * The board's say on a change: each member approves or rejects with a comment (a member may
 * change their vote while the board sits), and the change is approved once the quorum approves,
 * rejected once it no longer can. Only the members of the board the change was sent to vote, and
 * not on a change they raised; anyone else is refused with 403 and the attempt is audited.
 */

/** The board's active members, by id. */
async function membersOf(trx: TransactionClientContract, boardId: number) {
  const rows = await trx
    .from('change_board_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.board_id', boardId)
    .where('u.active', true)
    .select('u.id')
  return new Set(rows.map((r) => Number(r.id)))
}

type Refusal = 'changes.not_on_board' | 'changes.own_change'

/** Why this voter may not vote on this change, or null when they may. */
async function refusalOf(trx: TransactionClientContract, voterId: number, row: Change): Promise<Refusal | null> {
  if (!row.boardId || !(await membersOf(trx, row.boardId)).has(voterId)) return 'changes.not_on_board'
  if (row.requestedById === voterId) return 'changes.own_change'
  return null
}

/**
 * A person's vote. Null when the change is outside their scope (as if it did not exist); a 403
 * when they do not sit on its board, written to the audit log in a transaction of its own so the
 * refusal is kept although nothing else is.
 */
export async function castVote(user: User, id: number, decision: Decision, comment: string | null) {
  const actor = { id: user.id, email: user.email }
  const outcome = await db.transaction(async (trx) => {
    const row = await lockChange(trx, id)
    if (!row || !(await isInScope(user, row.agencyId, trx))) return null
    const refusal = await refusalOf(trx, user.id, row)
    if (refusal) return { refusal, row }
    const from = row.status
    const at = new Date()
    await applyVote(trx, actor, row, decision, comment, at)
    await announceChange(trx, row, from, at)
    return { refusal: null, row }
  })
  if (!outcome) return null
  if (outcome.refusal) {
    await db.transaction((trx) =>
      recordAudit(trx, actor, [
        {
          action: 'create',
          entity: 'change_vote_refusals',
          entityId: id,
          before: null,
          after: { change_id: id, number: outcome.row.number, decision, comment, board_id: outcome.row.boardId, reason: outcome.refusal },
        },
      ])
    )
    throw new ForbiddenError(message(outcome.refusal))
  }
  return outcome.row
}

/** Records a member's vote on a locked change and applies the board's decision when it is reached. */
export async function applyVote(trx: TransactionClientContract, actor: Actor & { id: number }, row: Change, decision: Decision, comment: string | null, at: Date) {
  const refusal = await refusalOf(trx, actor.id, row)
  if (refusal) throw new ForbiddenError(message(refusal))
  if (!votingOpen(row.type, row.status)) throw new FieldError('status', message('changes.voting_closed', { status: row.status }))
  const previous = await trx.from('change_votes').where({ change_id: row.id, user_id: actor.id }).first()
  const [vote] = await trx
    .knexQuery()
    .table('change_votes')
    .insert({ change_id: row.id, user_id: actor.id, decision, comment, at })
    .onConflict(['change_id', 'user_id'])
    .merge(['decision', 'comment', 'at'])
    .returning('*')
  await recordAudit(trx, actor, [
    previous
      ? { action: 'update', entity: 'change_votes', entityId: vote.id, before: { decision: previous.decision, comment: previous.comment }, after: { decision, comment } }
      : { action: 'create', entity: 'change_votes', entityId: vote.id, before: null, after: vote },
  ])
  const who = await trx.from('users').where('id', actor.id).select('full_name', 'email').first()
  const entries: ChangeEntry[] = [
    { kind: 'vote', at, actor, message: message('changes.timeline_vote', { decision, who: who?.full_name || who?.email || `#${actor.id}` }), body: comment },
  ]
  const board = await trx.from('change_boards').where('id', row.boardId!).select('quorum').first()
  // The requester does not vote, so they do not count towards what the quorum can still reach.
  const members = await membersOf(trx, row.boardId!)
  if (row.requestedById !== null) members.delete(row.requestedById)
  const votes = (await trx.from('change_votes').where('change_id', row.id).select('user_id', 'decision')).filter((v) => members.has(Number(v.user_id)))
  const outcome = tally(votes.map((v) => v.decision), members.size, board.quorum)
  const before = row.serialize()
  if (outcome !== 'pending') {
    const from = row.status
    row.status = outcome
    row.decidedAt = DateTime.fromJSDate(at)
    const approvals = votes.filter((v) => v.decision === 'approve').length
    entries.push(
      { kind: 'decided', at, actor, message: message('changes.timeline_decided', { outcome, approvals, rejections: votes.length - approvals, quorum: board.quorum }) },
      { kind: 'moved', at, actor, fromStatus: from, toStatus: outcome, message: message('changes.timeline_moved', { from, to: outcome }) }
    )
  }
  await saveChange(trx, actor, row, before, entries)
  return outcome
}
