/**
 * Value lists of the service desk's triage and routing (app/incidents): how widely an incident
 * hurts (impact) and how soon it must be dealt with (urgency), which the priority matrix turns
 * into P1–P4, and the kinds of assignment group. Labels: `enums.<name>.<value>` in ui/src/i18n.
 */
export const IMPACTS = ['high', 'medium', 'low'] as const
export type Impact = (typeof IMPACTS)[number]
export const URGENCIES = ['high', 'medium', 'low'] as const
export type Urgency = (typeof URGENCIES)[number]

/** NOC, G-ISAC, the four regional joint-defence teams and each agency's own IT team. */
export const GROUP_KINDS = ['noc', 'gisac', 'regional', 'agency_it'] as const
export type GroupKind = (typeof GROUP_KINDS)[number]

export const serviceDeskEnums = { impact: IMPACTS, urgency: URGENCIES, group_kind: GROUP_KINDS }
