import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import Incident from '#app/incidents/incident'
import type User from '#app/access/user'
import { messageOf } from '#app/core/timeline'
import { FieldError, ForbiddenError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { reference } from '#app/core/vine_rules'
import { checkConfigurationItems } from '#app/core/configuration_items'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'
import { INCIDENT_TYPES, ITEM_TABLES, PRIORITIES } from '#shared/incident_lifecycle'
import { INCIDENT_STATUSES, mayHandle, mayRetype, type IncidentStatus, type IncidentType } from '#app/incidents/incident_workflow'
import { actorOf, announceOpened, checkAssignee, numberNew, OPEN_STATUSES, recordOpened } from '#app/incidents/incident_service'
import { checkGroup, priorityOf, routedGroup } from '#app/incidents/incident_triage'
import { IMPACTS, URGENCIES } from '#shared/service_desk'
import { scopeCondition } from '#app/access/scope'
import type { PlainRow } from '#app/core/resource'
import type { Priority } from '#app/service_levels/sla_clock'
import { refreshSla, slaOfPage } from '#app/service_levels/incident_sla'
import { slaSchema } from '#app/service_levels/sla_answer_schema'
import { legalClocksOfRows, refreshLegalAlarms } from '#app/security_grading/incident_legal_clocks'
import { securityAnswerFields } from '#app/security_grading/security_answer_schema'

export { ITEM_TABLES }

export const incidentValidator = vine.create({
  title: vine.string().trim().minLength(3).maxLength(300),
  description: vine.string().trim().maxLength(20000).nullable().optional(),
  type: vine.enum(INCIDENT_TYPES),
  // Derived from impact and urgency when both are given (incident_triage.ts); else as given.
  priority: vine.enum(PRIORITIES).optional(),
  impact: vine.enum(IMPACTS).nullable().optional(),
  urgency: vine.enum(URGENCIES).nullable().optional(),
  group_id: vine.number().withoutDecimals().positive().max(2147483647).nullable().optional(),
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

/**
 * What an incident answer shows beyond its columns, read with the incidents themselves in one
 * statement (the page or the record, `r`): its configuration items, who reported it and who has
 * it, its group, its parent's number, its open children the reader may see, and the status moves
 * its SLA clock is worked out from. Four statements more per page cost a list most of its time
 * under load (bench/api_load.ts).
 */
function selectIncidentFields(query: DatabaseQueryBuilderContract<any>, reader?: User) {
  const scope = reader ? scopeCondition(reader, 'c.agency_id') : { sql: 'true', bindings: [] }
  // A major incident of another agency is not named to the child's reader (parent_id stays: it
  // tells the UI there is one, and reading it answers 404 like any incident outside the scope).
  const parentScope = reader ? scopeCondition(reader, 'p.agency_id') : { sql: 'true', bindings: [] }
  const open = OPEN_STATUSES.map(() => '?').join(', ')
  query
    .leftJoin('users as a', 'a.id', 'r.assignee_id')
    .leftJoin('users as rb', 'rb.id', 'r.reported_by_id')
    .leftJoin('incidents as p', 'p.id', 'r.parent_id')
    .leftJoin('assignment_groups as g', 'g.id', 'r.group_id')
    // Moves made at one instant (assigned and started together) count in the order they were made.
    .joinRaw(
      `LEFT JOIN LATERAL (SELECT array_agg(t.at ORDER BY t.at, t.id) AS at, array_agg(t.to_status::text ORDER BY t.at, t.id) AS status
         FROM incident_timeline t WHERE t.incident_id = r.id AND t.kind IN ('opened', 'moved') AND t.to_status IS NOT NULL) AS moves ON true`
    )
    .select(
      'a.full_name as __a_name', 'a.email as __a_email', 'rb.full_name as __r_name', 'rb.email as __r_email',
      db.raw(`CASE WHEN ${parentScope.sql} THEN p.number END AS __parent_number`, parentScope.bindings),
      'g.code as __group_code', 'g.name as __group_name', 'g.name_en as __group_name_en',
      'moves.at as __moved_at', 'moves.status as __moved_to',
      db.raw(
        `(SELECT coalesce(json_agg(json_build_object('item_type', it.item_type, 'item_id', it.item_id) ORDER BY it.item_type, it.item_id), '[]')
          FROM incident_items it WHERE it.incident_id = r.id) AS __items`
      ),
      db.raw(`(SELECT count(*)::int FROM incidents c WHERE c.parent_id = r.id AND c.status IN (${open}) AND ${scope.sql}) AS __open_children`, [
        ...OPEN_STATUSES,
        ...scope.bindings,
      ])
    )
}

/** The answer's fields of incidents read with selectIncidentFields, worded for the reader; the SLA clock as of now. */
async function presentIncidents(rows: PlainRow[], reader?: User) {
  const [slas, legalClocks] = await Promise.all([
    slaOfPage(
      rows.map((r) => {
        const at = (r.__moved_at ?? []) as Date[]
        const to = (r.__moved_to ?? []) as IncidentStatus[]
        return { id: r.id as number, type: r.type as IncidentType, priority: r.priority as Priority, status: r.status as IncidentStatus, opened_at: new Date(r.opened_at as Date), changes: at.map((moved, i) => ({ at: moved, to: to[i] })) }
      })
    ),
    legalClocksOfRows(rows),
  ])
  const shown = new Map<number, Record<string, unknown>>()
  for (const r of rows as any[]) {
    const extra: Record<string, unknown> = {
      items: r.__items,
      assignee_name: r.__a_name || r.__a_email || null,
      reported_by_name: r.__r_name || r.__r_email || null,
      parent_number: r.__parent_number ?? null,
      group_name: r.__group_code ? (reader?.locale === 'zh-TW' ? r.__group_name : (r.__group_name_en ?? r.__group_name)) : null,
      open_children: r.__open_children,
      sla: slas.get(r.id) ?? null,
      legal_clocks: legalClocks.get(r.id) ?? null,
    }
    for (const field of ['title', 'description', 'resolution'] as const) {
      const text = messageOf(r.texts?.[field])
      if (text) extra[field] = text.in(reader?.locale)
    }
    shown.set(r.id, extra)
  }
  return shown
}

// NOC works service incidents, G-ISAC analysts security ones, liaisons raise their agency's own.
export const incidents = served('incidents', { grants: { admin: 'rcud', noc: 'rcu', analyst: 'rcu', cio: 'r', agency_liaison: 'rcu', auditor: 'r' } }, {
  model: Incident,
  validator: incidentValidator,
  filters: {
    fields: {
      agency_id: 'exact', type: 'exact', priority: 'exact', status: 'exact', assignee_id: 'exact',
      group_id: 'exact', impact: 'exact', urgency: 'exact', parent_id: 'exact',
      opened_at: 'range', number: 'exact', problem_id: 'exact',
      respond_due_at: 'range', resolve_due_at: 'range', sla_due_at: 'range', sla_paused: 'exact', sla_breached: 'exact',
      legal_due_at: 'range', security_level: 'exact',
    },
    sortable: [
      'number', 'title', 'type', 'priority', 'status', 'agency_id', 'opened_at', 'resolved_at',
      'respond_due_at', 'resolve_due_at', 'sla_due_at', 'legal_due_at',
    ],
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
    if (existing) {
      // The edit form keeps the descriptive fields; moves and hand-overs are commands.
      if (input.status !== existing.status) throw new FieldError('status', message('incidents.status_by_command'))
      if ((input.assignee_id ?? null) !== (existing.assignee_id ?? null)) {
        throw new FieldError('assignee_id', message('incidents.assignee_by_command'))
      }
      if ((input.group_id ?? null) !== (existing.group_id ?? null)) {
        throw new FieldError('group_id', message('incidents.group_by_command'))
      }
      row.priority = await priorityOf(trx, { impact: row.impact, urgency: row.urgency, priority: row.priority })
      // A person's wording replaces the system's message for what they changed. The form sends
      // back what it showed, the message worded in the reader's language: that is no change.
      if (row.texts) {
        const texts = { ...row.texts }
        for (const field of ['title', 'description', 'resolution'] as const) {
          if (input[field] === existing[field]) continue
          if (input[field] === messageOf(texts[field])?.in(user.locale)) row[field] = existing[field] as string
          else delete texts[field]
        }
        row.texts = Object.keys(texts).length ? texts : null
      }
      return
    }
    if (input.status !== undefined && input.status !== 'new') throw new FieldError('status', message('incidents.status_by_command'))
    if (row.assigneeId) await checkAssignee(trx, row.assigneeId, row)
    row.impact = row.impact ?? null
    row.urgency = row.urgency ?? null
    row.priority = await priorityOf(trx, { impact: row.impact, urgency: row.urgency, priority: row.priority })
    if (row.groupId) await checkGroup(trx, row.groupId, row)
    else row.groupId = await routedGroup(trx, row)
    const now = new Date()
    await numberNew(trx, row, now)
    row.reportedById = user.id
    row.status = row.assigneeId ? 'assigned' : 'new'
    row.acknowledgedAt = row.assigneeId ? DateTime.fromJSDate(now) : null
  },

  async afterSave({ row, input, trx, user, existing }) {
    // A new type or priority is another policy; opening works the clock out itself.
    if (!existing) {
      await recordOpened(trx, actorOf(user), row, !input.group_id)
      await announceOpened(trx, row)
    } else {
      await refreshSla(trx, row, new Date())
      if (row.type === 'security' || row.legalDueAt) await refreshLegalAlarms(trx, row)
    }
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

  joined: { select: selectIncidentFields, present: presentIncidents },
  answerFields: {
    properties: {
      number: { type: 'string', pattern: '^INC-\\d{4}-\\d{6}$' },
      reported_by_id: { type: ['integer', 'null'] },
      parent_id: { type: ['integer', 'null'] },
      problem_id: { type: ['integer', 'null'], description: 'the problem this incident is an occurrence of' },
      assignee_name: { type: ['string', 'null'], description: 'full name, else e-mail' },
      reported_by_name: { type: ['string', 'null'], description: 'full name, else e-mail' },
      parent_number: { type: ['string', 'null'], description: "the major incident this one is a child of; null when it is another agency's, outside the reader's scope" },
      group_name: { type: ['string', 'null'], description: "the assignment group's name in the reader's language" },
      open_children: { type: 'integer', description: 'children of this major incident still open, among those the reader may see' },
      sla_paused: { type: 'boolean', description: 'the resolve clock was on hold at the last change' },
      sla_breached: { type: 'boolean', description: 'a clock was breached at the last change or since' },
      sla: slaSchema,
      ...securityAnswerFields,
    },
    fromValidator: ['items'],
  },
})
export const incidentResource = incidents.definition
