import type { Role } from '#app/access/roles'
import { TRANSITIONS, type IncidentStatus } from '#shared/incident_lifecycle'

/**
 * The rules of the incident lifecycle, as plain functions: the API and later the collectors'
 * automatic tickets all ask this one place. Its statuses and moves are in
 * shared/incident_lifecycle.ts, where the UI's buttons read them too.
 */
export { INCIDENT_STATUSES, TRANSITIONS, type IncidentStatus } from '#shared/incident_lifecycle'
export type IncidentType = 'service' | 'security'

export function canMove(from: IncidentStatus, to: IncidentStatus) {
  return from === to || TRANSITIONS[from].includes(to)
}

export interface Clock {
  acknowledgedAt: Date | null
  resolvedAt: Date | null
  closedAt: Date | null
}

/**
 * The timestamps that a move stamps or clears. A reopened incident loses its resolution time.
 * Only a person acknowledges: an incident the system resolved (its link came back before anyone
 * took it) keeps no acknowledgement time, or time-to-acknowledge figures would count the
 * recovery as a response.
 */
export function stampClock(from: IncidentStatus | null, to: IncidentStatus, clock: Clock, now: Date, by: 'person' | 'system' = 'person'): Clock {
  const next = { ...clock }
  if (to !== 'new' && !next.acknowledgedAt && by === 'person') next.acknowledgedAt = now
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

/** Roles an incident may be handed to: those that work its type (CIOs and auditors only read). */
export function mayBeAssigned(role: Role, type: IncidentType) {
  return role !== 'auditor' && role !== 'cio' && mayHandle(role, type)
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
