/**
 * How the incident pages read the API's SLA block (computed by the server, app/service_levels):
 * which clock matters and whether it runs, is paused, was met or breached. Plain functions with
 * `now` passed in, and no imports, so the unit tests load them as they are.
 */

/** The SLA block incidents carry (app/service_levels), when the API sends it. */
export interface Sla {
  policy?: string | { name?: string | null } | null
  respond_due_at: string | null
  resolve_due_at: string | null
  responded_at: string | null
  resolved_at: string | null
  paused: boolean
  respond_breached: boolean
  resolve_breached: boolean
  /** Counted time over the target: 0.75 warns, 1 is the breach. */
  respond_elapsed_share?: number
  resolve_elapsed_share?: number
}

export type ClockState = 'running' | 'paused' | 'breached' | 'met'

export interface ClockView {
  clock: 'respond' | 'resolve'
  state: ClockState
  due: string | null
}

/**
 * One SLA clock as a chip shows it. A clock still counting is breached once the API says so or
 * its due time has passed (the flag is set by a worker and may lag); a stopped one was met or
 * breached; a paused one (on hold) is neither while the hold lasts.
 */
export function clockView(sla: Sla, clock: 'respond' | 'resolve', now: number): ClockView {
  const due = clock === 'respond' ? sla.respond_due_at : sla.resolve_due_at
  const doneAt = clock === 'respond' ? sla.responded_at : sla.resolved_at
  const breached = clock === 'respond' ? sla.respond_breached : sla.resolve_breached
  if (doneAt) return { clock, state: breached || (due !== null && new Date(doneAt).getTime() > new Date(due).getTime()) ? 'breached' : 'met', due }
  if (breached || (due !== null && !sla.paused && new Date(due).getTime() < now)) return { clock, state: 'breached', due }
  return { clock, state: sla.paused ? 'paused' : 'running', due }
}

/** The clock that matters now: respond until someone responded, then resolve. */
export function currentClock(sla: Sla, now: number): ClockView {
  return sla.responded_at || !sla.respond_due_at ? clockView(sla, 'resolve', now) : clockView(sla, 'respond', now)
}

export function policyName(sla: Sla) {
  return typeof sla.policy === 'string' ? sla.policy : (sla.policy?.name ?? null)
}

/** How much of a clock is used, 0 to 1 and beyond; a breached clock counts as all of it. */
export function elapsedShare(sla: Sla, view: ClockView) {
  const share = (view.clock === 'respond' ? sla.respond_elapsed_share : sla.resolve_elapsed_share) ?? 0
  return view.state === 'breached' ? Math.max(1, share) : Math.max(0, share)
}
