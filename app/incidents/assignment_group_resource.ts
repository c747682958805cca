import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import { isInScope, scopeQuery } from '#app/access/scope'
import { recordAudit } from '#app/audit/audit_log'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { naturalKey, reference } from '#app/core/vine_rules'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'
import { REGIONS } from '#shared/agencies'
import { GROUP_KINDS } from '#shared/service_desk'
import { AssignmentGroup } from '#app/incidents/assignment_group'
import { actorOf, OPEN_STATUSES } from '#app/incidents/incident_service'

export const groupValidator = vine.create({
  code: naturalKey('assignment_groups', 'code', 64),
  name: vine.string().trim().minLength(2).maxLength(200),
  name_en: vine.string().trim().maxLength(200).nullable().optional(),
  kind: vine.enum(GROUP_KINDS),
  region: vine.enum(REGIONS).nullable().optional(),
  agency_id: reference('agencies').nullable().optional(),
  // The whole membership: left out, it stays as it is.
  member_ids: vine.array(vine.number().withoutDecimals().positive().max(2147483647)).maxLength(500).distinct().optional(),
})

/**
 * Who may be a member: an active account; of a national group (NOC, G-ISAC, a regional team) a
 * national one, of an agency's IT team one whose scope holds that agency.
 */
async function checkMembers(trx: TransactionClientContract, group: AssignmentGroup, ids: number[]) {
  const users = await trx.from('users').whereIn('id', ids).select('id', 'role', 'agency_id', 'active')
  for (const id of ids) {
    const found = users.find((u) => u.id === id)
    const account = found ? ({ isNational: found.agency_id === null, agencyId: found.agency_id } as User) : null
    const eligible =
      found?.active === true &&
      (group.agencyId === null ? account!.isNational : await isInScope(account!, group.agencyId, trx))
    if (!eligible) throw new FieldError('member_ids', message('groups.member_not_eligible', { id }))
  }
}

/** Each group's members and how many open incidents wait in its queue (within the reader's scope). */
async function presentGroups(ids: number[], reader?: User) {
  const queued = db.from('incidents').whereIn('group_id', ids).whereIn('status', [...OPEN_STATUSES]).groupBy('group_id').select('group_id').count('* as n')
  const [members, open] = await Promise.all([
    db.from('assignment_group_members').whereIn('group_id', ids).select('group_id', 'user_id').orderBy(['group_id', 'user_id']),
    reader ? scopeQuery(queued, reader, 'agency_id') : queued,
  ])
  const shown = new Map<number, Record<string, unknown>>(ids.map((id) => [id, { member_ids: [], open_incidents: 0 }]))
  for (const m of members) (shown.get(m.group_id)!.member_ids as number[]).push(m.user_id)
  for (const o of open) shown.get(Number(o.group_id))!.open_incidents = Number(o.n)
  return shown
}

// Admins shape the teams; everyone who works incidents reads them. An agency's people see their
// own agency's IT team; the national groups are national records.
export const assignmentGroups = served('assignment_groups', { grants: { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' } }, {
  model: AssignmentGroup,
  validator: groupValidator,
  filters: {
    fields: { code: 'exact', kind: 'exact', region: 'exact', agency_id: 'exact' },
    sortable: ['code', 'name', 'kind', 'region', 'agency_id'],
    defaultSort: ['code', 'ASC'],
  },
  searchExpression: "code || ' ' || name || ' ' || coalesce(name_en, '')",
  agencyColumn: 'agency_id',
  naturalKey: 'code',
  csvColumns: ['code', 'name', 'name_en', 'kind', 'region', 'agency_code'],
  csvReferences: { agency_code: ref.agency() },

  prepare({ row }) {
    row.region = row.region ?? null
    row.agencyId = row.agencyId ?? null
    if ((row.kind === 'regional') !== (row.region !== null)) throw new FieldError('region', message('groups.kind_fields', { kind: row.kind, field: 'region' }))
    if ((row.kind === 'agency_it') !== (row.agencyId !== null)) throw new FieldError('agency_id', message('groups.kind_fields', { kind: row.kind, field: 'agency_id' }))
  },

  async afterSave({ row, input, trx, user }) {
    const wanted = input.member_ids as number[] | undefined
    if (!wanted) return
    await checkMembers(trx, row, wanted)
    const stored = (await trx.from('assignment_group_members').where('group_id', row.id).select('user_id')).map((m) => m.user_id as number)
    const before = [...stored].sort((a, b) => a - b)
    const after = [...wanted].sort((a, b) => a - b)
    if (before.join() === after.join()) return
    await trx.from('assignment_group_members').where('group_id', row.id).delete()
    if (after.length) await trx.insertQuery().table('assignment_group_members').multiInsert(after.map((id) => ({ group_id: row.id, user_id: id })))
    await recordAudit(trx, actorOf(user), [
      { action: 'update', entity: 'assignment_group_members', entityId: row.id, before: { member_ids: before }, after: { member_ids: after } },
    ])
  },

  presentMany: presentGroups,
  answerFields: {
    properties: { open_incidents: { type: 'integer', description: "open incidents in the group's queue, within the reader's agency scope" } },
    fromValidator: ['member_ids'],
  },
})
export const groupResource = assignmentGroups.definition
