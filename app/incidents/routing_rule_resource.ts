import vine from '@vinejs/vine'
import { served } from '#app/core/registration'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { reference } from '#app/core/vine_rules'
import { INCIDENT_TYPES } from '#shared/incident_lifecycle'
import { RoutingRule } from '#app/incidents/assignment_group'
import { checkGroup } from '#app/incidents/incident_triage'

export const routingRuleValidator = vine.create({
  position: vine.number().withoutDecimals().range([0, 1_000_000]),
  type: vine.enum(INCIDENT_TYPES).nullable().optional(),
  agency_id: reference('agencies').nullable().optional(),
  group_id: vine.number().withoutDecimals().positive().max(2147483647),
})

// Where new incidents go (incident_routing.ts): admins write the rules, everyone else reads them.
// A rule naming an agency is that agency's record; rules for every agency are national ones.
export const routingRules = served('routing_rules', { grants: { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' } }, {
  model: RoutingRule,
  validator: routingRuleValidator,
  filters: {
    fields: { type: 'exact', agency_id: 'exact', group_id: 'exact', position: 'exact' },
    sortable: ['position', 'type', 'agency_id', 'group_id'],
    defaultSort: ['position', 'ASC'],
  },
  searchExpression: "coalesce(type::text, '')",
  agencyColumn: 'agency_id',
  naturalKey: 'id',
  csvColumns: ['position', 'type', 'agency_id', 'group_id'],

  async prepare({ row, trx }) {
    row.type = row.type ?? null
    row.agencyId = row.agencyId ?? null
    if (row.agencyId) {
      await checkGroup(trx, row.groupId, { agencyId: row.agencyId })
      return
    }
    // A rule for every agency sends to a national group: an agency's IT team takes only its own.
    const group = await trx.from('assignment_groups').where('id', row.groupId).select('agency_id').first()
    if (!group || group.agency_id !== null) throw new FieldError('group_id', message('incidents.group_not_eligible', { id: row.groupId }))
  },
})
