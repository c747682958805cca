import { isAlarm, type LinkKind, type LinkState, type Step } from '#app/monitoring/link_health/link_state'
import { message, type Message } from '#app/core/messages'
import type { Impact, Urgency } from '#shared/service_desk'

/**
 * What to do about a link's state: whether it is suppressed behind something already down,
 * silenced by maintenance, damped by flapping, and so whether an incident opens or recovers.
 * Plain functions over plain data, like link_state.ts.
 */

export type SuppressedBy =
  | { type: 'device'; id: number; hostname: string | null; reason: string }
  | { type: 'link'; id: number; circuit_id: string | null; reason: string }

export interface UpstreamView {
  /** The link's own device, when it is polled. */
  device: { id: number; hostname: string | null; reachable: boolean } | null
  /** The uplink a legacy line folds into, with its state and its device's reachability. */
  uplink: {
    id: number
    circuitId: string | null
    state: LinkState
    deviceReachable: boolean
  } | null
}

/**
 * A link whose device no longer answers, or whose uplink is down (or cannot be seen because its
 * device does not answer), gives no alarm of its own: the device's or uplink's alarm stands for
 * it. Nothing is suppressed while the link itself is up, as it has no alarm to suppress.
 */
export function suppressionOf(state: LinkState, upstream: UpstreamView): SuppressedBy | null {
  if (state === 'up') return null
  if (upstream.device && !upstream.device.reachable) {
    return { type: 'device', id: upstream.device.id, hostname: upstream.device.hostname, reason: 'device unreachable' }
  }
  const uplink = upstream.uplink
  if (uplink && (uplink.state === 'down' || !uplink.deviceReachable)) {
    return {
      type: 'link',
      id: uplink.id,
      circuit_id: uplink.circuitId,
      reason: uplink.state === 'down' ? 'uplink down' : "uplink's device unreachable",
    }
  }
  return null
}

export interface WindowView {
  id: number
  title: string
  startsAt: Date
  endsAt: Date
  items: Array<{ itemType: 'link' | 'device'; itemId: number }>
}

/** Windows in force at `at` (start included, end excluded) that name the link or its device. */
export function coveringWindows(windows: WindowView[], linkId: number, deviceId: number | null, at: Date) {
  const t = at.getTime()
  return windows.filter(
    (w) =>
      w.startsAt.getTime() <= t &&
      t < w.endsAt.getTime() &&
      w.items.some(
        (i) => (i.itemType === 'link' && i.itemId === linkId) || (i.itemType === 'device' && deviceId !== null && i.itemId === deviceId)
      )
  )
}

export type Priority = 'P1' | 'P2' | 'P3' | 'P4'
export type Trouble = 'down' | 'degraded' | 'flapping'

/**
 * How bad a link's trouble is, in the priority matrix's terms (app/incidents/priority_matrix.ts
 * ranks it, so monitoring and people are ranked in one place). An uplink carries a whole
 * ministry's agencies: high impact; a legacy line one agency's older circuit, its traffic moving
 * to the uplink: low. A line down needs a hand now: high urgency; degraded or flapping still
 * carries traffic: medium. With the default matrix an uplink down is P1, degraded P2; a legacy
 * line down P3, degraded P4.
 */
export function assessmentOf(kind: LinkKind, trouble: Trouble): { impact: Impact; urgency: Urgency } {
  return { impact: kind === 'uplink' ? 'high' : 'low', urgency: trouble === 'down' ? 'high' : 'medium' }
}

/**
 * How bad a device out of reach is: one step below its most important link being down, as its
 * links may still carry traffic. A device behind an uplink has high impact and medium urgency, any
 * other low impact and high urgency: P2 and P3 with the default matrix.
 */
export function deviceAssessment(carriesUplink: boolean): { impact: Impact; urgency: Urgency } {
  return carriesUplink ? { impact: 'high', urgency: 'medium' } : { impact: 'low', urgency: 'high' }
}

/**
 * How bad the trouble a monitoring event announces is, for an event no incident ranks. A link's
 * recovery ranks as its outage did at worst, so every channel that heard the alarm hears the
 * all-clear; a device's events rank as the device out of reach.
 */
export function eventAssessment(event: { type: string; linkKind?: string | null; deviceCarriesUplink?: boolean }) {
  if (!event.linkKind) return deviceAssessment(Boolean(event.deviceCarriesUplink))
  const kind: LinkKind = event.linkKind === 'uplink' ? 'uplink' : 'legacy'
  const trouble: Trouble = event.type === 'link.degraded' ? 'degraded' : event.type === 'link.flapping' ? 'flapping' : 'down'
  return assessmentOf(kind, trouble)
}

export function stronger(a: Priority, b: Priority) {
  return a < b
}

export type LinkEventType = 'link.down' | 'link.degraded' | 'link.recovered' | 'link.flapping'

export interface AlarmContext {
  step: Step
  suppressed: boolean
  inMaintenance: boolean
  /** Decommissioned lines are expected to fall silent. */
  retired: boolean
  /** The incident of the current outage, whatever its status now. */
  incident: { id: number; status: string } | null
}

export interface AlarmDecision {
  open: Trouble | null
  /** Resolve the outage's incident when nobody has taken it, else note the recovery on it. */
  recover: boolean
  /** A change worth writing on the open incident (degraded became down, flapping began). */
  note: Message | null
  /** Raise the open incident's priority to this trouble's if higher. */
  escalate: Trouble | null
  events: LinkEventType[]
}

/**
 * One outage, one incident: it opens when an alarm is first seen that is not suppressed,
 * silenced or damped, and is settled when the link is up again. Unknown (no answer) neither
 * opens nor settles anything. A flapping link raises one incident and one notice when the
 * flapping starts, then stays quiet until it has been stable for the hold time.
 */
export function decideAlarm(ctx: AlarmContext): AlarmDecision {
  const { step } = ctx
  const { state, adminDown } = step.memory
  const decision: AlarmDecision = { open: null, recover: false, note: null, escalate: null, events: [] }
  const silenced = ctx.suppressed || ctx.inMaintenance || ctx.retired
  const alarm = isAlarm(state, adminDown)

  if (step.memory.flapping) {
    if (step.flapStarted && !silenced) {
      decision.events.push('link.flapping')
      if (!ctx.incident) decision.open = 'flapping'
      else decision.note = message('incidents.link_flapping', { changes: step.memory.recentChanges.length })
    }
    return decision
  }

  if (alarm) {
    const trouble = state as 'down' | 'degraded'
    if (!ctx.incident) {
      if (!silenced) {
        decision.open = trouble
        decision.events.push(`link.${trouble}`)
      }
    } else if (step.changed && isAlarm(step.from, step.fromAdminDown) && step.from !== state && !silenced) {
      decision.note = message('incidents.link_now', { trouble, reason: step.memory.reason })
      decision.escalate = trouble
      decision.events.push(`link.${trouble}`)
    }
    return decision
  }

  if (state === 'up' && ctx.incident) {
    decision.recover = true
    if (!silenced) decision.events.push('link.recovered')
  }
  return decision
}
