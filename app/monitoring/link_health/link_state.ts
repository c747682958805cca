import type { ReasonPart } from '#app/monitoring/link_health/link_reason_messages'
import { DEFAULT_QUALITY_POLICIES, judgeQuality, type BurstFigures, type QualityPolicy, type QualityReason } from '#app/line_quality/quality_rules'

/**
 * The state of one link, worked out poll by poll from what the collectors saw: SNMP polls of its
 * interface and echo bursts to its far end. Plain data and functions, no database: the alarm
 * service feeds them, the unit tests drive them directly.
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
  /**
   * Set when this observation is a burst of echo probes to the line's far end rather than a
   * poll: the fields above are then ignored and the interface's last readings kept.
   */
  probe?: BurstFigures | null
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
  /** Loss, latency and jitter thresholds of the class (line_quality_policies). */
  quality: QualityPolicy
  /**
   * Bursts in a row that must agree before the line's quality changes: one unlucky lost probe
   * out of 20 on a legacy line (5%) must not turn it degraded and back a minute later.
   */
  qualityConfirmBursts: number
  /** A quality verdict older than this no longer counts (the probes stopped or fell behind). */
  qualityMaxAgeS: number
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
    quality: DEFAULT_QUALITY_POLICIES.uplink,
    qualityConfirmBursts: 2,
    qualityMaxAgeS: 300,
  },
  legacy: {
    utilThreshold: 0.8,
    utilWindowS: 300,
    errorRateThreshold: 1,
    errorWindowS: 0,
    flapChanges: 5,
    flapWindowS: 600,
    flapHoldS: 600,
    quality: DEFAULT_QUALITY_POLICIES.legacy,
    qualityConfirmBursts: 2,
    qualityMaxAgeS: 300,
  },
}

export type PolicyOverrides = Partial<Record<LinkKind, Partial<LinkPolicy>>>

export function policyFor(kind: LinkKind, overrides: PolicyOverrides = {}): LinkPolicy {
  return { ...DEFAULT_POLICIES[kind], ...(overrides[kind] ?? {}) }
}

/** What the interface's polls alone say. */
export interface PolledVerdict {
  state: LinkState
  adminDown: boolean
  reasons: ReasonPart[]
}

/** What the echo bursts say, once confirmed; `candidate` a different verdict seen `streak` bursts in a row. */
export interface QualityMemory {
  state: 'up' | 'degraded' | 'down'
  reasons: QualityReason[]
  /** Start of the latest burst counted. */
  at: Date
  candidate: 'up' | 'degraded' | 'down' | null
  streak: number
}

/** The interface's last readings, kept while bursts move the state between polls. */
export interface Readings {
  operStatus: string | null
  adminStatus: string | null
  inUtil: number | null
  outUtil: number | null
  errorRate: number | null
}

/** What the rules remember of a link between two polls. */
export interface LinkMemory {
  state: LinkState
  adminDown: boolean
  /** Why, as message keys and parameters (link_reason_messages.ts); empty when up or never seen. */
  reason: ReasonPart[]
  /** The polls' own verdict, null for a line only probed (or never polled). */
  polled: PolledVerdict | null
  quality: QualityMemory | null
  readings: Readings
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
    reason: [],
    polled: null,
    quality: null,
    readings: { operStatus: null, adminStatus: null, inUtil: null, outUtil: null, errorRate: null },
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
/** A share as percent with one decimal, as reasons show it. */
const pct = (v: number) => Math.round(v * 1000) / 10

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

interface Verdict extends PolledVerdict {
  utilHighSince: Date | null
  errorHighSince: Date | null
}

function polledVerdict(memory: LinkMemory, obs: Observation, policy: LinkPolicy): Verdict {
  const quiet = { utilHighSince: null, errorHighSince: null }
  const oper = obs.operStatus?.toLowerCase() ?? null
  const admin = obs.adminStatus?.toLowerCase() ?? null
  const because = (key: ReasonPart['key'], params: ReasonPart['params'] = {}): ReasonPart[] => [{ key, params }]
  if (!obs.reachable) return { state: 'unknown', adminDown: false, reasons: because('link_state.no_answer'), ...quiet }
  if (admin === 'down') return { state: 'down', adminDown: true, reasons: because('link_state.admin_down'), ...quiet }
  if (oper !== null && OPER_DOWN.has(oper)) {
    return { state: 'down', adminDown: false, reasons: because('link_state.oper_down', { status: obs.operStatus }), ...quiet }
  }
  if (oper === 'testing') return { state: 'degraded', adminDown: false, reasons: because('link_state.testing'), ...quiet }
  if (oper === null || !OPER_UP.has(oper)) {
    return { state: 'unknown', adminDown: false, reasons: because('link_state.status_unknown', { status: obs.operStatus ?? null }), ...quiet }
  }

  const util = larger(obs.inUtil, obs.outUtil)
  const utilHighSince = run(memory.utilHighSince, util, policy.utilThreshold, obs.at)
  const errorHighSince = run(memory.errorHighSince, obs.errorRate, policy.errorRateThreshold, obs.at)
  const reasons: ReasonPart[] = []
  if (utilHighSince && seconds(utilHighSince, obs.at) >= policy.utilWindowS) {
    const minutes = Math.round(seconds(utilHighSince, obs.at) / 60)
    reasons.push({ key: 'link_state.util_high', params: { util: pct(util ?? policy.utilThreshold), threshold: pct(policy.utilThreshold), minutes } })
  }
  if (errorHighSince && seconds(errorHighSince, obs.at) >= policy.errorWindowS) {
    const rate = obs.errorRate ?? policy.errorRateThreshold
    reasons.push({ key: 'link_state.errors_high', params: { rate: Math.round(rate * 100) / 100, threshold: policy.errorRateThreshold } })
  }
  return { state: reasons.length ? 'degraded' : 'up', adminDown: false, reasons, utilHighSince, errorHighSince }
}

/**
 * A burst's verdict folded into what the bursts said before: the line's quality changes only
 * once `confirm` bursts in a row agree on a new verdict. A burst that sent nothing says nothing.
 */
export function nextQuality(previous: QualityMemory | null, burst: BurstFigures, at: Date, policy: LinkPolicy): QualityMemory | null {
  const verdict = judgeQuality(burst, policy.quality)
  if (verdict.state === 'unknown') return previous
  const state = verdict.state
  if (!previous) {
    // The first bursts of a line: up at once, a fault only once confirmed like any change.
    if (state === 'up' || policy.qualityConfirmBursts <= 1) return { state, reasons: verdict.reasons, at, candidate: null, streak: 0 }
    return { state: 'up', reasons: [], at, candidate: state, streak: 1 }
  }
  if (state === previous.state) return { state, reasons: verdict.reasons, at, candidate: null, streak: 0 }
  const streak = previous.candidate === state ? previous.streak + 1 : 1
  if (streak >= policy.qualityConfirmBursts) return { state, reasons: verdict.reasons, at, candidate: null, streak: 0 }
  return { ...previous, at, candidate: state, streak }
}

/**
 * The link's state from both views. An interface down, shut or unseen is what the polls say,
 * whatever the probes answer (the device's own view is the firmer one, and an unreachable
 * device keeps its incident standing for its links). Otherwise the worse of the two: a line
 * whose interface is up but loses every probe is down, one losing 5% degraded; both degraded,
 * both reasons. A quality verdict older than qualityMaxAgeS is ignored.
 */
export function combined(polled: PolledVerdict | null, quality: QualityMemory | null, at: Date, policy: LinkPolicy): PolledVerdict {
  const fresh = quality && seconds(quality.at, at) <= policy.qualityMaxAgeS ? quality : null
  if (!polled) {
    if (!fresh) return { state: 'unknown', adminDown: false, reasons: [] }
    return { state: fresh.state, adminDown: false, reasons: fresh.reasons }
  }
  if (!fresh || fresh.state === 'up' || polled.state === 'down' || polled.state === 'unknown') return polled
  if (fresh.state === 'down') return { state: 'down', adminDown: false, reasons: fresh.reasons }
  return { state: 'degraded', adminDown: false, reasons: polled.state === 'degraded' ? [...polled.reasons, ...fresh.reasons] : fresh.reasons }
}

function verdict(memory: LinkMemory, obs: Observation, policy: LinkPolicy) {
  if (obs.probe) {
    const quality = nextQuality(memory.quality, obs.probe, obs.at, policy)
    return {
      ...combined(memory.polled, quality, obs.at, policy),
      polled: memory.polled,
      quality,
      readings: memory.readings,
      utilHighSince: memory.utilHighSince,
      errorHighSince: memory.errorHighSince,
    }
  }
  const polled = polledVerdict(memory, obs, policy)
  const { utilHighSince, errorHighSince, ...own } = polled
  const readings = { operStatus: obs.operStatus, adminStatus: obs.adminStatus, inUtil: obs.inUtil, outUtil: obs.outUtil, errorRate: obs.errorRate }
  return { ...combined(own, memory.quality, obs.at, policy), polled: own, quality: memory.quality, readings, utilHighSince, errorHighSince }
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
      reason: v.reasons,
      polled: v.polled,
      quality: v.quality,
      readings: v.readings,
      since,
      lastPollAt: obs.probe ? memory.lastPollAt : obs.at,
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
