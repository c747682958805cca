/**
 * The state of one link, worked out poll by poll from what the collectors saw. Plain data and
 * functions, no database: the alarm service feeds them, the unit tests drive them directly.
 */

export const LINK_STATES = ['up', 'down', 'degraded', 'unknown'] as const
export type LinkState = (typeof LINK_STATES)[number]
export type LinkKind = 'legacy' | 'uplink'

/** One look at one link's interface, by a poll or a trap. */
export interface Observation {
  linkId: number
  at: Date
  /** The device answered at all. */
  reachable: boolean
  /** IF-MIB ifOperStatus by name: up, down, testing, unknown, dormant, notPresent, lowerLayerDown. */
  operStatus: string | null
  /** IF-MIB ifAdminStatus by name: up, down, testing. */
  adminStatus: string | null
  /** Share of the line's speed used over the last interval, 0..1; null when no rate is known (first poll, counter reset). */
  inUtil: number | null
  outUtil: number | null
  /**
   * Errors per second over the last interval (ifInErrors + ifOutErrors deltas divided by the
   * seconds between polls). Per second rather than per packet because the collectors read the
   * octet and error counters, not the packet counters; a healthy circuit counts no errors at any
   * speed, so an absolute rate is a fair alarm.
   */
  errorRate: number | null
}

/** Thresholds of one kind of link. */
export interface LinkPolicy {
  /** Utilisation (larger of in and out) strictly above this is high. */
  utilThreshold: number
  /** High utilisation must last this long, first high poll to latest, before the link is degraded. */
  utilWindowS: number
  /** Errors per second strictly above this are high. */
  errorRateThreshold: number
  /** High error rate must last this long; 0 = one poll suffices (the rate is already an interval's average). */
  errorWindowS: number
  /** This many state changes inside flapWindowS mark the link flapping. */
  flapChanges: number
  flapWindowS: number
  /** A flapping link is stable again once it has kept one state this long. */
  flapHoldS: number
}

/**
 * Defaults by kind. Uplinks carry a ministry's whole traffic, so the same physical fault shows
 * more errors per second on them; the error threshold is scaled rather than the utilisation one.
 */
export const DEFAULT_POLICIES: Record<LinkKind, LinkPolicy> = {
  uplink: {
    utilThreshold: 0.8,
    utilWindowS: 300,
    errorRateThreshold: 10,
    errorWindowS: 0,
    flapChanges: 5,
    flapWindowS: 600,
    flapHoldS: 600,
  },
  legacy: {
    utilThreshold: 0.8,
    utilWindowS: 300,
    errorRateThreshold: 1,
    errorWindowS: 0,
    flapChanges: 5,
    flapWindowS: 600,
    flapHoldS: 600,
  },
}

export type PolicyOverrides = Partial<Record<LinkKind, Partial<LinkPolicy>>>

export function policyFor(kind: LinkKind, overrides: PolicyOverrides = {}): LinkPolicy {
  return { ...DEFAULT_POLICIES[kind], ...(overrides[kind] ?? {}) }
}

/** What the rules remember of a link between two polls. */
export interface LinkMemory {
  state: LinkState
  adminDown: boolean
  reason: string | null
  /** When the current state began; null before the first observation. */
  since: Date | null
  lastPollAt: Date | null
  utilHighSince: Date | null
  errorHighSince: Date | null
  /** Times of the state changes still inside the flap window. */
  recentChanges: Date[]
  flapping: boolean
}

export function initialMemory(): LinkMemory {
  return {
    state: 'unknown',
    adminDown: false,
    reason: null,
    since: null,
    lastPollAt: null,
    utilHighSince: null,
    errorHighSince: null,
    recentChanges: [],
    flapping: false,
  }
}

export interface Step {
  memory: LinkMemory
  from: LinkState
  fromAdminDown: boolean
  /** The state or its admin flag differs from the last observation's. */
  changed: boolean
  flapStarted: boolean
  flapEnded: boolean
}

/** ifOperStatus values that mean no traffic passes because of a fault. */
const OPER_DOWN = new Set(['down', 'lowerlayerdown', 'notpresent'])
/** Values that mean the interface works; dormant waits for traffic (dial-on-demand), not a fault. */
const OPER_UP = new Set(['up', 'dormant'])

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`

function larger(a: number | null, b: number | null) {
  if (a === null) return b
  if (b === null) return a
  return Math.max(a, b)
}

/**
 * Start of the current run of high readings: kept while readings stay high, started at the first
 * high one, dropped at the first normal one. A missing reading (no rate this poll) neither
 * breaks nor extends the run.
 */
function run(since: Date | null, value: number | null, threshold: number, at: Date): Date | null {
  if (value === null) return since
  if (value > threshold) return since ?? at
  return null
}

interface Verdict {
  state: LinkState
  adminDown: boolean
  reason: string
  utilHighSince: Date | null
  errorHighSince: Date | null
}

function verdict(memory: LinkMemory, obs: Observation, policy: LinkPolicy): Verdict {
  const quiet = { utilHighSince: null, errorHighSince: null }
  const oper = obs.operStatus?.toLowerCase() ?? null
  const admin = obs.adminStatus?.toLowerCase() ?? null
  if (!obs.reachable) return { state: 'unknown', adminDown: false, reason: 'device did not answer', ...quiet }
  if (admin === 'down') {
    return { state: 'down', adminDown: true, reason: 'shut on purpose (ifAdminStatus down)', ...quiet }
  }
  if (oper !== null && OPER_DOWN.has(oper)) {
    return { state: 'down', adminDown: false, reason: `ifOperStatus ${obs.operStatus}`, ...quiet }
  }
  if (oper === 'testing') {
    return { state: 'degraded', adminDown: false, reason: 'interface in test mode (ifOperStatus testing)', ...quiet }
  }
  if (oper === null || !OPER_UP.has(oper)) {
    return { state: 'unknown', adminDown: false, reason: `interface status ${obs.operStatus ?? 'not read'}`, ...quiet }
  }

  const util = larger(obs.inUtil, obs.outUtil)
  const utilHighSince = run(memory.utilHighSince, util, policy.utilThreshold, obs.at)
  const errorHighSince = run(memory.errorHighSince, obs.errorRate, policy.errorRateThreshold, obs.at)
  const reasons: string[] = []
  if (utilHighSince && seconds(utilHighSince, obs.at) >= policy.utilWindowS) {
    const minutes = Math.round(seconds(utilHighSince, obs.at) / 60)
    reasons.push(`utilisation ${pct(util ?? policy.utilThreshold)} above ${pct(policy.utilThreshold)} for ${minutes} min`)
  }
  if (errorHighSince && seconds(errorHighSince, obs.at) >= policy.errorWindowS) {
    const rate = obs.errorRate ?? policy.errorRateThreshold
    reasons.push(`${Math.round(rate * 100) / 100} errors/s above ${policy.errorRateThreshold}/s`)
  }
  return {
    state: reasons.length ? 'degraded' : 'up',
    adminDown: false,
    reason: reasons.length ? reasons.join('; ') : 'up',
    utilHighSince,
    errorHighSince,
  }
}

/**
 * Applies one observation. Changes from a link never seen before are recorded but not counted
 * towards flapping: the first poll after adding a link is not instability.
 */
export function stepLink(memory: LinkMemory, obs: Observation, policy: LinkPolicy): Step {
  const v = verdict(memory, obs, policy)
  const changed = v.state !== memory.state || v.adminDown !== memory.adminDown
  const counted = changed && memory.since !== null
  const recentChanges = memory.recentChanges.filter((t) => seconds(t, obs.at) < policy.flapWindowS)
  if (counted) recentChanges.push(obs.at)
  const since = changed || memory.since === null ? obs.at : memory.since

  let flapping = memory.flapping
  let flapStarted = false
  let flapEnded = false
  if (!flapping && recentChanges.length >= policy.flapChanges) {
    flapping = true
    flapStarted = true
  } else if (flapping && !changed && seconds(since, obs.at) >= policy.flapHoldS) {
    flapping = false
    flapEnded = true
  }

  return {
    memory: {
      state: v.state,
      adminDown: v.adminDown,
      reason: v.reason,
      since,
      lastPollAt: obs.at,
      utilHighSince: v.utilHighSince,
      errorHighSince: v.errorHighSince,
      recentChanges,
      flapping,
    },
    from: memory.state,
    fromAdminDown: memory.adminDown,
    changed,
    flapStarted,
    flapEnded,
  }
}

/** A state that calls for someone's attention: a fault, not a port shut on purpose. */
export function isAlarm(state: LinkState, adminDown: boolean) {
  return (state === 'down' && !adminDown) || state === 'degraded'
}
