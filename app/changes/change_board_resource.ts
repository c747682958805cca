import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { reference } from '#app/core/vine_rules'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'
import { recordAudit } from '#app/audit/audit_log'
import ChangeBoard from '#app/changes/change_board'
import { actorOf } from '#app/changes/change_service'

export const changeBoardValidator = vine.create({
  name: vine.string().trim().minLength(3).maxLength(200),
  change_type: vine.enum(['normal', 'emergency'] as const),
  agency_id: reference('agencies').nullable().optional(),
  quorum: vine.number().withoutDecimals().range([1, 50]),
  members: vine.array(vine.number().withoutDecimals().positive().max(2147483647)).maxLength(50).distinct().optional(),
})

async function membersOf(boardIds: number[]) {
  return db
    .from('change_board_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .whereIn('m.board_id', boardIds)
    .orderBy('u.id')
    .select('m.board_id', 'u.id', 'u.full_name', 'u.email', 'u.role', 'u.active')
}

// A board per change type, for one agency (and those below it) or, without one, the whole
// programme; the most specific one that can reach its quorum decides (change_service boardFor).
// Members are accounts of any role: a CIO sits on boards as often as an engineer.
export const changeBoards = served('change_boards', { grants: { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' } }, {
  model: ChangeBoard,
  validator: changeBoardValidator,
  filters: {
    fields: { agency_id: 'exact', change_type: 'exact' },
    sortable: ['name', 'change_type', 'agency_id', 'quorum'],
    defaultSort: ['name', 'ASC'],
  },
  searchExpression: 'name',
  agencyColumn: 'agency_id',
  naturalKey: 'id',
  csvColumns: ['name', 'change_type', 'agency_code', 'quorum'],
  csvReferences: { agency_code: ref.agency() },

  async prepare({ row, input, trx }) {
    // A board may be named before it is staffed; once it has members, its quorum must be reachable.
    const stored = row.id ? (await trx.from('change_board_members').where('board_id', row.id).select('user_id')).map((m) => m.user_id) : []
    const members = (input.members as number[] | undefined) ?? stored
    if (!members.length) return
    for (const [i, id] of members.entries()) {
      const user = await trx.from('users').where({ id, active: true }).first()
      if (!user) throw new FieldError(`members.${i}`, message('changes.board_member_missing', { id }))
    }
    if (row.quorum > members.length) throw new FieldError('quorum', message('changes.board_quorum', { members: members.length }))
  },

  async afterSave({ row, input, trx, user, existing }) {
    const members = input.members as number[] | undefined
    if (!members) return
    const stored = (await trx.from('change_board_members').where('board_id', row.id).select('user_id')).map((m) => m.user_id).sort((a, b) => a - b)
    await trx.from('change_board_members').where('board_id', row.id).delete()
    await trx.insertQuery().table('change_board_members').multiInsert(members.map((id) => ({ board_id: row.id, user_id: id })))
    if (existing) {
      await recordAudit(trx, actorOf(user), [
        { action: 'update', entity: 'change_board_members', entityId: row.id, before: { members: stored }, after: { members: [...members].sort((a, b) => a - b) } },
      ])
    }
  },

  presentMany: async (ids) => {
    const rows = await membersOf(ids)
    return new Map(
      ids.map((id) => [
        id,
        { members: rows.filter((m) => m.board_id === id).map((m) => ({ id: m.id, name: m.full_name || m.email, role: m.role, active: m.active })) },
      ])
    )
  },
  answerFields: {
    properties: { members: { type: 'array', items: { type: 'object' }, description: 'the members: id, name, role, active' } },
  },
})
