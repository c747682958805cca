import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { Actor } from '#app/audit/audit_log'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import type { Impact, Urgency } from '#shared/service_desk'
import type { IncidentType } from '#app/incidents/incident_workflow'
import { matrixPriority, type Priority } from '#app/incidents/priority_matrix'
import { routeIncident, type RoutingRule } from '#app/incidents/incident_routing'
import type { TimelineEntry } from '#app/incidents/incident_timeline'

/**
 * The incident service's triage: the priority an incident's impact and urgency give, the group a
 * new incident is routed to, and the checks on a group an incident is handed to.
 */

export interface Assessment {
  impact?: Impact | null
  urgency?: Urgency | null
  priority?: Priority | null
}

/**
 * The priority of an incident. Given impact and urgency, the matrix decides and a priority sent
 * along is not used (as in ITIL and GLPI's default: priority is derived, not typed); given
 * neither, the priority is taken as it is. One without the other is refused.
 */
export async function priorityOf(trx: TransactionClientContract, a: Assessment): Promise<Priority> {
  const impact = a.impact ?? null
  const urgency = a.urgency ?? null
  if (impact && urgency) return matrixPriority(trx, impact, urgency)
  if (impact || urgency) throw new FieldError(impact ? 'urgency' : 'impact', message('incidents.impact_urgency_together'))
  if (!a.priority) throw new FieldError('priority', message('incidents.priority_needed'))
  return a.priority
}

/** The group a new incident of this type and agency goes to (incident_routing.ts decides). */
export async function routedGroup(trx: TransactionClientContract, incident: { type: IncidentType; agencyId: number }) {
  const agency = await trx.from('agencies').where('id', incident.agencyId).select('path', 'region').first()
  if (!agency) return null
  const [rules, groups] = await Promise.all([
    trx
      .from('routing_rules as r')
      .leftJoin('agencies as a', 'a.id', 'r.agency_id')
      .select('r.id', 'r.position', 'r.type', 'r.group_id', 'a.path'),
    trx.from('assignment_groups').whereIn('kind', ['regional', 'noc']).select('id', 'kind', 'region').orderBy('id', 'desc'),
  ])
  const regional: Partial<Record<string, number>> = {}
  let noc: number | null = null
  for (const g of groups) {
    if (g.kind === 'regional') regional[g.region] = g.id
    else noc = g.id
  }
  const routingRules: RoutingRule[] = rules.map((r) => ({ id: r.id, position: r.position, type: r.type, agencyPath: r.path ?? null, groupId: r.group_id }))
  return routeIncident(routingRules, { type: incident.type, agencyPath: agency.path, region: agency.region }, { regional, noc })
}

/**
 * The group, when an incident of this agency may be handed to it: a national group, or the IT
 * team of the incident's agency or of one above it. One answer for a group that does not exist
 * and one of another agency, so other agencies' teams cannot be probed.
 */
export async function checkGroup(trx: TransactionClientContract, groupId: number, incident: { agencyId: number }) {
  const group = await trx
    .from('assignment_groups as g')
    .leftJoin('agencies as a', 'a.id', 'g.agency_id')
    .where('g.id', groupId)
    .select('g.id', 'g.code', 'g.name', 'g.name_en', 'g.agency_id', 'a.path')
    .first()
  let eligible = Boolean(group)
  if (group?.agency_id) {
    const agency = await trx.from('agencies').where('id', incident.agencyId).select('path').first()
    eligible = Boolean(agency?.path.startsWith(group.path))
  }
  if (!eligible) throw new FieldError('group_id', message('incidents.group_not_eligible', { id: groupId }))
  return group as { id: number; code: string; name: string; name_en: string | null }
}

export async function checkMember(trx: TransactionClientContract, groupId: number, userId: number) {
  const member = await trx.from('assignment_group_members').where({ group_id: groupId, user_id: userId }).first()
  if (!member) throw new FieldError('assignee_id', message('incidents.assignee_not_member', { id: userId }))
}

/** The timeline entry of a group taking (or giving back) an incident; `routed` when the rules chose it. */
export async function groupEntry(trx: TransactionClientContract, actor: Actor, groupId: number | null, at: Date, routed = false): Promise<TimelineEntry> {
  const group = groupId ? await trx.from('assignment_groups').where('id', groupId).select('code', 'name', 'name_en').first() : null
  if (!group) return { kind: 'assigned', at, actor, message: message('incidents.timeline_ungrouped') }
  const names = { code: group.code as string, name: group.name as string, nameEn: (group.name_en as string | null) ?? null }
  return { kind: 'assigned', at, actor, message: message(routed ? 'incidents.timeline_routed' : 'incidents.timeline_group', names) }
}
