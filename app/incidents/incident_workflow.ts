import type { Role } from '#app/access/roles'

/**
 * The ITIL incident lifecycle as GSN's service desk runs it. Plain data and functions: the
 * API, the UI's buttons and later the collectors' automatic tickets all ask this one place.
 */
export const INCIDENT_STATUSES = ['new', 'assigned', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled'] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]
export type IncidentType = 'service' | 'security'

export const TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  new: ['assigned', 'in_progress', 'resolved', 'cancelled'],
  assigned: ['in_progress', 'on_hold', 'resolved', 'cancelled'],
  in_progress: ['on_hold', 'resolved'],
  on_hold: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
  cancelled: [],
}

export function canMove(from: IncidentStatus, to: IncidentStatus) {
  return from === to || TRANSITIONS[from].includes(to)
}

export interface Clock {
  acknowledgedAt: Date | null
  resolvedAt: Date | null
  closedAt: Date | null
}

/** The timestamps that a move stamps or clears. A reopened incident loses its resolution time. */
export function stampClock(from: IncidentStatus | null, to: IncidentStatus, clock: Clock, now: Date): Clock {
  const next = { ...clock }
  if (to !== 'new' && !next.acknowledgedAt) next.acknowledgedAt = now
  if (to === 'resolved' && from !== 'resolved') next.resolvedAt = now
  if (to === 'closed' && from !== 'closed') next.closedAt = now
  if (to === 'in_progress' && from === 'resolved') next.resolvedAt = null
  return next
}

/** Network operations work service incidents, G-ISAC analysts security ones; others both. */
export function mayHandle(role: Role, type: IncidentType) {
  if (role === 'noc') return type === 'service'
  if (role === 'analyst') return type === 'security'
  return true
}

/**
 * Whether a role may change an incident's type. It must handle both types; and a security
 * incident stays one unless G-ISAC says otherwise, since turning it into a service incident
 * takes it off the legal reporting clock.
 */
export function mayRetype(role: Role, from: IncidentType, to: IncidentType) {
  if (from === to) return true
  if (!mayHandle(role, from) || !mayHandle(role, to)) return false
  return from !== 'security' || role === 'analyst' || role === 'admin'
}

export function incidentNumber(year: number, sequence: number) {
  return `INC-${year}-${String(sequence).padStart(6, '0')}`
}
