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

/**
 * The moves people make, each a command with its own route (`POST /api/incidents/:id/<command>`)
 * and a button in the UI: the status it leads to and the statuses it may start from. `assign`
 * keeps the status once work has started (a hand-over), and moves a new incident to assigned.
 * `start` also resumes an incident on hold; only `reopen` brings back a resolved one.
 */
export const INCIDENT_COMMANDS = ['assign', 'start', 'hold', 'resolve', 'close', 'reopen', 'cancel'] as const
export type IncidentCommand = (typeof INCIDENT_COMMANDS)[number]

export const COMMAND_MOVES: Record<IncidentCommand, { from: readonly IncidentStatus[]; to: IncidentStatus | 'same' }> = {
  assign: { from: ['new', 'assigned', 'in_progress', 'on_hold'], to: 'same' },
  start: { from: ['new', 'assigned', 'on_hold'], to: 'in_progress' },
  hold: { from: ['assigned', 'in_progress'], to: 'on_hold' },
  resolve: { from: ['new', 'assigned', 'in_progress', 'on_hold'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved'], to: 'in_progress' },
  cancel: { from: ['new', 'assigned'], to: 'cancelled' },
}

/** Where a command takes an incident in `from`, or null when it may not be given there. */
export function commandTarget(command: IncidentCommand, from: IncidentStatus): IncidentStatus | null {
  const move = COMMAND_MOVES[command]
  if (!move.from.includes(from)) return null
  if (move.to !== 'same') return move.to
  return from === 'new' ? 'assigned' : from
}

/** The commands an incident in `status` offers, in the order the UI shows its buttons. */
export function commandsFor(status: IncidentStatus): IncidentCommand[] {
  return INCIDENT_COMMANDS.filter((command) => commandTarget(command, status) !== null)
}

/** Why an incident is on hold: the SLA clock stops for each of them. */
export const HOLD_REASONS = ['requester', 'supplier', 'change', 'other'] as const
export type HoldReason = (typeof HOLD_REASONS)[number]

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
