import vine from '@vinejs/vine'
import SlaPolicy from '#app/service_levels/sla_policy'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { served, type GrantRow } from '#app/core/registration'
import { INCIDENT_TYPES, PRIORITIES } from '#shared/incident_lifecycle'
import { CALENDARS } from '#shared/service_levels'
import { termsChanged } from '#app/service_levels/incident_sla'
import type { IncidentType } from '#app/incidents/incident_workflow'
import type { Priority } from '#app/service_levels/sla_clock'

/**
 * Who keeps the service levels: admins write them; the desk, the CIOs and auditors read them.
 * Agency liaisons do not: these are national records (agencyColumn null, which their scope never
 * reaches), and their incidents already carry their `sla`.
 */
export const SERVICE_LEVEL_GRANTS: GrantRow = { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: '', auditor: 'r' }

/** A year in minutes: no target of the service desk is longer. */
const MAX_MINUTES = 366 * 24 * 60

export const slaPolicyValidator = vine.create({
  type: vine.enum(INCIDENT_TYPES),
  priority: vine.enum(PRIORITIES),
  respond_minutes: vine.number().withoutDecimals().min(1).max(MAX_MINUTES),
  resolve_minutes: vine.number().withoutDecimals().min(1).max(MAX_MINUTES),
  calendar: vine.enum(CALENDARS),
})

type Combination = { type: IncidentType; priority: Priority }
const combinationOf = (row: { type?: unknown; priority?: unknown }): Combination => ({ type: row.type as IncidentType, priority: row.priority as Priority })

export const slaPolicies = served('sla_policies', { grants: SERVICE_LEVEL_GRANTS }, {
  model: SlaPolicy,
  validator: slaPolicyValidator,
  filters: {
    fields: { type: 'exact', priority: 'exact', calendar: 'exact' },
    sortable: ['type', 'priority', 'respond_minutes', 'resolve_minutes', 'calendar'],
    defaultSort: ['priority', 'ASC'],
  },
  searchExpression: "type::text || ' ' || priority::text",
  agencyColumn: null,
  naturalKey: 'id',
  csvColumns: ['type', 'priority', 'respond_minutes', 'resolve_minutes', 'calendar'],

  async prepare({ row, trx }) {
    const taken = await trx.from('sla_policies').where({ type: row.type, priority: row.priority }).whereNot('id', row.id ?? 0).first()
    if (taken) throw new FieldError('priority', message('sla.policy_exists', { type: row.type, priority: row.priority }))
  },

  // The incidents of the old and the new type and priority both change policy.
  async afterSave({ row, existing, trx }) {
    await termsChanged(trx, { policies: existing ? [combinationOf(existing), combinationOf(row)] : [combinationOf(row)] })
  },
  async afterDelete({ row, trx }) {
    await termsChanged(trx, { policies: [combinationOf(row)] })
  },
})
