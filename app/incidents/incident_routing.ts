import type { IncidentType } from '#app/incidents/incident_workflow'
import type { Region } from '#app/agencies/agency'

/**
 * Which assignment group a new incident lands in. Rules are data (table routing_rules, edited by
 * admins): each names a type, an agency (which covers the agencies below it) or both, and a
 * group; they are tried in order of position and the first that matches decides. With none
 * matching, the incident goes to the regional joint-defence team of its agency's region, and to
 * the NOC when that team is missing. Monitoring's incidents follow the same rules as people's:
 * a line down in the east lands in the east team's queue (the NOC reads every queue).
 */

export interface RoutingRule {
  id: number
  position: number
  type: IncidentType | null
  /** The path of the rule's agency (agencies.path), null for any agency. */
  agencyPath: string | null
  groupId: number
}

export interface RoutingCase {
  type: IncidentType
  agencyPath: string
  region: Region
}

export interface Fallbacks {
  regional: Partial<Record<Region, number>>
  noc: number | null
}

export function matches(rule: RoutingRule, incident: RoutingCase) {
  return (rule.type === null || rule.type === incident.type) && (rule.agencyPath === null || incident.agencyPath.startsWith(rule.agencyPath))
}

export function routeIncident(rules: readonly RoutingRule[], incident: RoutingCase, fallbacks: Fallbacks): number | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || a.id - b.id)
  const rule = ordered.find((r) => matches(r, incident))
  if (rule) return rule.groupId
  return fallbacks.regional[incident.region] ?? fallbacks.noc
}
