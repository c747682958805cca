/**
 * The ITIL problem lifecycle as GSN's service desk runs it. A problem is the unknown cause behind
 * one or more incidents; once its root cause and a workaround are written down it is a known
 * error, which the service desk searches while the fix is still to come. The API enforces these
 * moves (app/problems/problem_service.ts) and the UI offers the same buttons.
 */
import { PRIORITIES } from './incident_lifecycle.js'

export const PROBLEM_STATUSES = ['new', 'investigating', 'known_error', 'resolved', 'closed', 'cancelled'] as const
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number]

/**
 * The moves people make, each a command with its own route (`POST /api/problems/:id/<command>`).
 * `identify` records the root cause and workaround: from the known-error status itself it
 * amends the record without moving. A reopened problem is investigated again; its known-error
 * record stays searchable.
 */
export const PROBLEM_COMMANDS = ['investigate', 'identify', 'resolve', 'close', 'reopen', 'cancel'] as const
export type ProblemCommand = (typeof PROBLEM_COMMANDS)[number]

export const PROBLEM_MOVES: Record<ProblemCommand, { from: readonly ProblemStatus[]; to: ProblemStatus }> = {
  investigate: { from: ['new'], to: 'investigating' },
  identify: { from: ['new', 'investigating', 'known_error'], to: 'known_error' },
  resolve: { from: ['investigating', 'known_error'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved'], to: 'investigating' },
  cancel: { from: ['new', 'investigating'], to: 'cancelled' },
}

/** Where a command takes a problem in `from`, or null when it may not be given there. */
export function problemCommandTarget(command: ProblemCommand, from: ProblemStatus): ProblemStatus | null {
  const move = PROBLEM_MOVES[command]
  return move.from.includes(from) ? move.to : null
}

/** The commands a problem in `status` offers, in the order the UI shows its buttons. */
export function problemCommandsFor(status: ProblemStatus): ProblemCommand[] {
  return PROBLEM_COMMANDS.filter((command) => problemCommandTarget(command, status) !== null)
}

/**
 * Incidents are linked to and unlinked from a problem while it is still being worked: a
 * resolved one is reopened first, so a new occurrence is not filed under a fix that failed.
 */
export function groupsIncidents(status: ProblemStatus) {
  return status === 'new' || status === 'investigating' || status === 'known_error'
}

/** The incident statuses a problem's resolution may still resolve. */
export const OPEN_INCIDENT_STATUSES = ['new', 'assigned', 'in_progress', 'on_hold'] as const

export interface ProblemClock {
  knownErrorAt: Date | null
  resolvedAt: Date | null
  closedAt: Date | null
}

/** The timestamps a move stamps or clears: the first known-error record is kept; a reopen clears the resolution time. */
export function stampProblemClock(from: ProblemStatus, to: ProblemStatus, clock: ProblemClock, now: Date): ProblemClock {
  const next = { ...clock }
  if (to === 'known_error' && !next.knownErrorAt) next.knownErrorAt = now
  if (to === 'resolved' && from !== 'resolved') next.resolvedAt = now
  if (to === 'closed' && from !== 'closed') next.closedAt = now
  if (from === 'resolved' && to === 'investigating') next.resolvedAt = null
  return next
}

/** Problems share the incidents' priorities (incident_priority in the UI's value lists). */
export const PROBLEM_PRIORITIES = PRIORITIES

export const problemEnums = { problem_status: PROBLEM_STATUSES }
