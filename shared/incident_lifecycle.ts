/**
 * The ITIL incident lifecycle as GSN's service desk runs it: the statuses and the moves between
 * them. The API enforces them (app/incidents/incident_workflow.ts) and the UI offers the same
 * buttons, so both read them from here.
 */
export const INCIDENT_STATUSES = ['new', 'assigned', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled'] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

export const TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  new: ['assigned', 'in_progress', 'resolved', 'cancelled'],
  assigned: ['in_progress', 'on_hold', 'resolved', 'cancelled'],
  in_progress: ['on_hold', 'resolved'],
  on_hold: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
  cancelled: [],
}

export const INCIDENT_TYPES = ['service', 'security'] as const

/** P1 the most urgent; a notification channel hears events at or above its minimum. */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const

/** The kinds of configuration item an incident (or a maintenance window) names, and their tables. */
export const ITEM_TABLES = { link: 'links', device: 'devices', information_system: 'information_systems', data_centre: 'data_centres' } as const

export const incidentEnums = {
  incident_type: INCIDENT_TYPES,
  incident_priority: PRIORITIES,
  incident_status: INCIDENT_STATUSES,
  item_type: Object.keys(ITEM_TABLES) as (keyof typeof ITEM_TABLES)[],
}
