import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { reference } from '#app/core/vine_rules'
import { checkConfigurationItems } from '#app/core/configuration_items'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'
import { instant } from '#app/maintenance/maintenance_window_resource'
import { ITEM_TABLES } from '#shared/incident_lifecycle'
import { CHANGE_STATUSES, CHANGE_TYPES, LEVELS, changeCommandsFor, votingOpen } from '#shared/change_lifecycle'
import Change from '#app/changes/change'
import { actorOf, numberChange, recordRaised } from '#app/changes/change_service'
import { conflictsFor } from '#app/changes/conflicts'
import { recordAudit } from '#app/audit/audit_log'

export const changeValidator = vine.create({
  title: vine.string().trim().minLength(3).maxLength(300),
  description: vine.string().trim().maxLength(20000).nullable().optional(),
  type: vine.enum(CHANGE_TYPES),
  status: vine.enum(CHANGE_STATUSES).optional(),
  risk: vine.enum(LEVELS).optional(),
  impact: vine.enum(LEVELS),
  back_out_plan: vine.string().trim().minLength(3).maxLength(20000).optional(),
  template_id: reference('change_templates').nullable().optional(),
  agency_id: reference('agencies'),
  planned_start: instant(),
  planned_end: instant(),
  items: vine
    .array(
      vine.object({
        item_type: vine.enum(Object.keys(ITEM_TABLES) as (keyof typeof ITEM_TABLES)[]),
        item_id: vine.number().withoutDecimals().positive().max(2147483647),
      })
    )
    .maxLength(200)
    .optional(),
})

/** Descriptive fields are edited while the change is being decided; after that it is what was approved. */
const EDITABLE: readonly string[] = ['draft', 'submitted', 'assessed']

type Item = { item_type: keyof typeof ITEM_TABLES; item_id: number }

/**
 * What a page of changes shows beyond its columns, one query each for the page: items, votes,
 * board, who raised it, the commands it offers and the conflicts it has now.
 */
async function presentChanges(ids: number[], reader?: User) {
  const [rows, items, votes] = await Promise.all([
    db
      .from('changes as c')
      .leftJoin('users as r', 'r.id', 'c.requested_by_id')
      .leftJoin('change_boards as b', 'b.id', 'c.board_id')
      .whereIn('c.id', ids)
      .select('c.*', 'r.full_name as r_name', 'r.email as r_email', 'b.name as board_name', 'b.quorum as board_quorum'),
    db.from('change_items').whereIn('change_id', ids).select('change_id', 'item_type', 'item_id').orderBy(['change_id', 'item_type', 'item_id']),
    db
      .from('change_votes as v')
      .join('users as u', 'u.id', 'v.user_id')
      .whereIn('v.change_id', ids)
      .orderBy('v.at')
      .select('v.change_id', 'v.user_id', 'v.decision', 'v.comment', 'v.at', 'u.full_name', 'u.email'),
  ])
  const members = await db
    .from('change_board_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .whereIn('m.board_id', rows.map((r) => r.board_id).filter(Boolean))
    .where('u.active', true)
    .select('m.board_id', 'u.id', 'u.full_name', 'u.email')
  const spans = rows.map((r) => ({
    id: r.id, number: r.number, title: r.title, type: r.type, status: r.status, agencyId: r.agency_id,
    start: new Date(r.planned_start), end: new Date(r.planned_end),
    items: items.filter((i) => i.change_id === r.id).map(({ item_type, item_id }) => ({ item_type, item_id })),
  }))
  const conflicts = await conflictsFor(spans, reader ?? null)
  const shown = new Map<number, Record<string, unknown>>()
  for (const r of rows) {
    const onBoard = members.filter((m) => m.board_id === r.board_id)
    shown.set(r.id, {
      items: spans.find((s) => s.id === r.id)!.items,
      requested_by_name: r.r_name || r.r_email || null,
      board: r.board_id ? { id: r.board_id, name: r.board_name, quorum: r.board_quorum, members: onBoard.map((m) => ({ id: m.id, name: m.full_name || m.email })) } : null,
      votes: votes
        .filter((v) => v.change_id === r.id)
        .map((v) => ({ user_id: v.user_id, name: v.full_name || v.email, decision: v.decision, comment: v.comment, at: new Date(v.at).toISOString() })),
      commands: changeCommandsFor(r.type, r.status),
      voting_open: votingOpen(r.type, r.status),
      may_vote: Boolean(reader && votingOpen(r.type, r.status) && onBoard.some((m) => m.id === reader.id) && r.requested_by_id !== reader.id),
      conflicts: conflicts.get(r.id) ?? [],
    })
  }
  return shown
}

// NOC and administrators raise changes; liaisons raise their agency's; the board's members vote
// whatever their role (change_votes.ts); CIOs, analysts and auditors read.
export const changes = served('changes', { grants: { admin: 'rcu', noc: 'rcu', analyst: 'r', cio: 'r', agency_liaison: 'rcu', auditor: 'r' } }, {
  model: Change,
  validator: changeValidator,
  filters: {
    fields: { agency_id: 'exact', type: 'exact', status: 'exact', risk: 'exact', board_id: 'exact', number: 'exact', planned_start: 'range', planned_end: 'range' },
    sortable: ['number', 'title', 'type', 'status', 'risk', 'impact', 'agency_id', 'planned_start', 'planned_end', 'created_at'],
    defaultSort: ['planned_start', 'DESC'],
  },
  searchExpression: "title || ' ' || number",
  agencyColumn: 'agency_id',
  naturalKey: 'number',
  csvColumns: ['number', 'title', 'type', 'status', 'risk', 'impact', 'agency_code', 'planned_start', 'planned_end'],
  csvReferences: { agency_code: ref.agency() },

  async prepare({ row, input, existing, user, trx }) {
    if (row.plannedEnd <= row.plannedStart) throw new FieldError('planned_end', message('changes.ends_after_start'))
    if (existing) {
      if (!EDITABLE.includes(String(existing.status))) throw new FieldError('status', message('changes.edit_locked', { status: String(existing.status) }))
      if (input.status !== existing.status) throw new FieldError('status', message('changes.status_by_command'))
      if (input.type !== existing.type || (input.template_id ?? null) !== (existing.template_id ?? null)) {
        throw new FieldError('type', message('changes.status_by_command'))
      }
      return
    }
    if (input.status !== undefined && input.status !== 'draft') throw new FieldError('status', message('changes.status_by_command'))
    if (row.type === 'standard' && !row.templateId) throw new FieldError('template_id', message('changes.template_needed'))
    if (row.type !== 'standard' && row.templateId) throw new FieldError('template_id', message('changes.template_only_standard'))
    if (row.templateId) {
      const template = await trx.from('change_templates').where({ id: row.templateId, active: true }).first()
      if (!template) throw new FieldError('template_id', message('record.item_missing', { itemType: 'change_templates', id: row.templateId }))
      row.risk = input.risk === undefined ? template.risk : row.risk
      row.backOutPlan = input.back_out_plan === undefined ? template.back_out_plan : row.backOutPlan
      row.description = row.description ?? template.description
    }
    for (const field of ['risk', 'back_out_plan'] as const) {
      if (input[field] === undefined && !row.templateId) throw new FieldError(field, message('changes.field_needed', { field }))
    }
    const now = new Date()
    await numberChange(trx, row, now)
    row.status = 'draft'
    row.requestedById = user.id
  },

  async afterSave({ row, input, trx, user, existing }) {
    if (!existing) await recordRaised(trx, actorOf(user), row, new Date())
    const items = input.items as Item[] | undefined
    if (!items) return
    const stored = await trx.from('change_items').where('change_id', row.id).select('item_type', 'item_id')
    await checkConfigurationItems(trx, user, ITEM_TABLES, items, stored)
    await trx.from('change_items').where('change_id', row.id).delete()
    const unique = [...new Map(items.map((it) => [`${it.item_type}:${it.item_id}`, it])).values()]
    if (unique.length) await trx.insertQuery().table('change_items').multiInsert(unique.map((it) => ({ change_id: row.id, ...it })))
    if (existing) {
      await recordAudit(trx, actorOf(user), [{ action: 'update', entity: 'change_items', entityId: row.id, before: { items: stored }, after: { items: unique } }])
    }
  },

  presentMany: presentChanges,
  answerFields: {
    properties: {
      number: { type: 'string', pattern: '^CHG-\\d{4}-\\d{6}$' },
      status: { enum: [...CHANGE_STATUSES] },
      risk: { enum: [...LEVELS] },
      back_out_plan: { type: 'string' },
      assessment: { type: ['string', 'null'] },
      requested_by_id: { type: ['integer', 'null'] },
      board_id: { type: ['integer', 'null'] },
      window_id: { type: ['integer', 'null'], description: 'the maintenance window its scheduling opened' },
      requested_by_name: { type: ['string', 'null'] },
      board: { type: ['object', 'null'], description: 'the board that decides it: id, name, quorum, members (id, name)' },
      votes: { type: 'array', items: { type: 'object' }, description: "each member's vote: user_id, name, decision, comment, at" },
      commands: { type: 'array', items: { type: 'string' }, description: 'the commands it offers now' },
      voting_open: { type: 'boolean' },
      may_vote: { type: 'boolean', description: 'whether the reader sits on its board and may vote now' },
      conflicts: {
        type: 'array',
        items: { type: 'object' },
        description: 'warnings: overlapping live changes on the same or dependent items (kind overlap), freeze periods over its window (kind freeze)',
      },
    },
    fromValidator: ['items'],
  },
})
export const changeResource = changes.definition
