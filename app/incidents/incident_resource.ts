import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Incident from '#app/incidents/incident'
import { FieldError, ForbiddenError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { reference } from '#app/core/vine_rules'
import { checkConfigurationItems } from '#app/core/configuration_items'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'
import { INCIDENT_TYPES, ITEM_TABLES, PRIORITIES } from '#shared/incident_lifecycle'
import {
  INCIDENT_STATUSES,
  TRANSITIONS,
  canMove,
  incidentNumber,
  mayHandle,
  mayRetype,
  stampClock,
  type IncidentStatus,
  type IncidentType,
} from '#app/incidents/incident_workflow'

export { ITEM_TABLES }

export const incidentValidator = vine.create({
  title: vine.string().trim().minLength(3).maxLength(300),
  description: vine.string().trim().maxLength(20000).nullable().optional(),
  type: vine.enum(INCIDENT_TYPES),
  priority: vine.enum(PRIORITIES),
  status: vine.enum(INCIDENT_STATUSES).optional(),
  agency_id: reference('agencies'),
  assignee_id: reference('users').nullable().optional(),
  resolution: vine.string().trim().maxLength(20000).nullable().optional(),
  items: vine
    .array(
      vine.object({
        item_type: vine.enum(Object.keys(ITEM_TABLES) as (keyof typeof ITEM_TABLES)[]),
        item_id: vine.number().withoutDecimals().positive(),
      })
    )
    .maxLength(200)
    .optional(),
})

/** The configuration items of a page of incidents, in one query rather than one per incident. */
async function itemsOf(incidentIds: number[]) {
  const rows = await db
    .from('incident_items')
    .whereIn('incident_id', incidentIds)
    .select('incident_id', 'item_type', 'item_id')
    .orderBy(['incident_id', 'item_type', 'item_id'])
  const items = new Map(incidentIds.map((id) => [id, { items: [] as Array<{ item_type: string; item_id: number }> }]))
  for (const { incident_id: id, ...item } of rows) items.get(id)!.items.push(item)
  return items
}

// NOC works service incidents, G-ISAC analysts security ones, liaisons raise their agency's own.
export const incidents = served('incidents', { grants: { admin: 'rcud', noc: 'rcu', analyst: 'rcu', cio: 'r', agency_liaison: 'rcu', auditor: 'r' } }, {
  model: Incident,
  validator: incidentValidator,
  filters: {
    fields: {
      agency_id: 'exact', type: 'exact', priority: 'exact', status: 'exact', assignee_id: 'exact',
      opened_at: 'range', number: 'exact',
    },
    sortable: ['number', 'title', 'type', 'priority', 'status', 'agency_id', 'opened_at', 'resolved_at'],
    defaultSort: ['opened_at', 'DESC'],
  },
  searchExpression: "title || ' ' || number",
  agencyColumn: 'agency_id',
  naturalKey: 'number',
  csvColumns: ['number', 'title', 'type', 'priority', 'status', 'agency_code', 'opened_at', 'acknowledged_at', 'resolved_at', 'closed_at'],
  csvReferences: { agency_code: ref.agency() },

  async prepare({ row, input, existing, user, trx }) {
    // Checked on the stored record as well as the new one: a team may not take over (or close)
    // the other team's incident by changing its type first.
    const storedType = (existing?.type ?? row.type) as IncidentType
    for (const type of new Set([storedType, row.type])) {
      if (!mayHandle(user.role, type)) {
        throw new ForbiddenError(message('incidents.type_not_handled', { role: user.role, type }))
      }
    }
    if (!mayRetype(user.role, storedType, row.type)) {
      throw new ForbiddenError(message('incidents.security_type_kept', { role: user.role }))
    }
    const from = (existing?.status ?? null) as IncidentStatus | null
    const to = (input.status ?? from ?? 'new') as IncidentStatus
    if (from && !canMove(from, to)) {
      throw new FieldError('status', message('incidents.transition', { from, to, allowed: [...TRANSITIONS[from]] }))
    }
    if (to === 'resolved' && !row.resolution) {
      throw new FieldError('resolution', message('incidents.resolution'))
    }
    if (to === 'assigned' && !row.assigneeId) {
      throw new FieldError('assignee_id', message('incidents.assignee'))
    }
    row.status = to
    const now = new Date()
    if (!existing) {
      const { rows } = await trx.rawQuery(`SELECT nextval('incident_number_seq') AS n`)
      row.number = incidentNumber(now.getUTCFullYear(), Number(rows[0].n))
      row.openedAt = DateTime.fromJSDate(now)
      row.reportedById = user.id
    }
    const clock = stampClock(
      from,
      to,
      {
        acknowledgedAt: row.acknowledgedAt?.toJSDate() ?? null,
        resolvedAt: row.resolvedAt?.toJSDate() ?? null,
        closedAt: row.closedAt?.toJSDate() ?? null,
      },
      now
    )
    row.acknowledgedAt = clock.acknowledgedAt ? DateTime.fromJSDate(clock.acknowledgedAt) : null
    row.resolvedAt = clock.resolvedAt ? DateTime.fromJSDate(clock.resolvedAt) : null
    row.closedAt = clock.closedAt ? DateTime.fromJSDate(clock.closedAt) : null
  },

  async afterSave({ row, input, trx, user }) {
    const items = input.items as Array<{ item_type: keyof typeof ITEM_TABLES; item_id: number }> | undefined
    if (!items) return
    const stored = await trx.from('incident_items').where('incident_id', row.id).select('item_type', 'item_id')
    await checkConfigurationItems(trx, user, ITEM_TABLES, items, stored)
    await trx.from('incident_items').where('incident_id', row.id).delete()
    if (items.length) {
      await trx.insertQuery().table('incident_items').multiInsert(
        items.map((item) => ({ incident_id: row.id, ...item }))
      )
    }
  },

  presentMany: itemsOf,
  answerFields: {
    properties: { number: { type: 'string', pattern: '^INC-\\d{4}-\\d{6}$' }, reported_by_id: { type: ['integer', 'null'] } },
    fromValidator: ['items'],
  },
})
export const incidentResource = incidents.definition
