import type { IncidentStatus } from '#shared/incident_lifecycle'
import type { IncidentType } from '#app/incidents/incident_workflow'
import { workingTimeFor, type CalendarKind, type WorkingTime } from '#app/service_levels/business_calendar'

/**
 * The SLA clock of one incident, worked out afresh from its history at a given `now`: nothing
 * is stored that could drift from the history it came from.
 *
 * Two clocks run from the moment the incident opens. The respond clock stops at the first move
 * out of 'new' (a person's move also stamps acknowledged_at, app/incidents/incident_workflow.ts;
 * a recovery the system settles stops it without one).
 * The resolve clock counts only while someone is expected to work the incident (new, assigned,
 * in_progress): it pauses on hold (waiting for the requester or a supplier), stops at resolved,
 * and a reopening (resolved → in_progress) resumes it from where it stood, so neither time on
 * hold nor time spent resolved is ever counted. Closed and cancelled stop it for good.
 */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const
export type Priority = (typeof PRIORITIES)[number]

export interface SlaTerms {
  type: IncidentType
  priority: Priority
  respondMinutes: number
  resolveMinutes: number
  calendar: CalendarKind
}

export interface StatusChange {
  at: Date
  to: IncidentStatus
}

export interface IncidentHistory {
  openedAt: Date
  /** Every move of the status, in any order; moves after `now` are not yet known and ignored. */
  changes: readonly StatusChange[]
}

/** The share of a target at which a warning goes out. */
export const WARNING_SHARE = 0.75

export interface SlaState<Policy extends SlaTerms = SlaTerms> {
  policy: Policy
  /**
   * When the target is (or was) due. A running clock's due time is where the target falls if
   * nothing pauses it; a stopped one's is where it stood when it stopped (an incident resolved
   * early keeps the due time it beat). While paused, the due time is projected as if work resumed
   * now, so it moves later as the pause lasts. Null would hide from the agent what is left and
   * drop the incident out of every list sorted by due time; the projection stays truthful because
   * `paused` says it is one, and what must not fire during a pause (the *_warning_at and
   * *_breach_at instants below) is null instead.
   */
  respond_due_at: Date
  resolve_due_at: Date
  responded_at: Date | null
  /** The last resolution, while it stands: a reopened incident has none. */
  resolved_at: Date | null
  /** The resolve clock is on hold. */
  paused: boolean
  /**
   * A target is met if it is answered at its due instant and breached from that instant on when
   * it is not: so a job scheduled for the due instant finds the breach already there.
   */
  respond_breached: boolean
  resolve_breached: boolean
  /** Counted time over the target: 0.75 is the warning, 1 the breach; above 1 when overrun. */
  respond_elapsed_share: number
  resolve_elapsed_share: number
  /**
   * The instants at which a running clock reaches 75% and 100% of its target (possibly already
   * past), for delayed jobs; null while the clock is paused or stopped, since a job scheduled
   * then would fire on time that is not being counted. Re-read them after every status change.
   */
  respond_warning_at: Date | null
  respond_breach_at: Date | null
  resolve_warning_at: Date | null
  resolve_breach_at: Date | null
}

const COUNTING: ReadonlySet<IncidentStatus> = new Set(['new', 'assigned', 'in_progress'])
const MINUTE = 60_000

interface Segment {
  status: IncidentStatus
  start: Date
  end: Date
}

export function slaClock<Policy extends SlaTerms>(policy: Policy, business: WorkingTime, history: IncidentHistory, now: Date): SlaState<Policy> {
  if (!(policy.respondMinutes > 0 && policy.resolveMinutes > 0)) throw new Error('SLA targets must be positive')
  const time = workingTimeFor(policy.calendar, business)
  const segments = timeline(history, now)
  const current = segments.at(-1)!.status

  const firstMove = segments.find((s) => s.status !== 'new')
  const respondedAt = firstMove ? firstMove.start : null
  const respond = measure(
    time,
    segments.filter((s) => s.status === 'new'),
    respondedAt ? 'stopped' : 'running',
    policy.respondMinutes * MINUTE,
    now
  )

  const resolveState = COUNTING.has(current) ? 'running' : current === 'on_hold' ? 'paused' : 'stopped'
  const resolve = measure(
    time,
    segments.filter((s) => COUNTING.has(s.status)),
    resolveState,
    policy.resolveMinutes * MINUTE,
    now
  )
  const lastResolution = segments.findLast((s) => s.status === 'resolved')

  return {
    policy,
    respond_due_at: respond.dueAt,
    resolve_due_at: resolve.dueAt,
    responded_at: respondedAt,
    resolved_at: (current === 'resolved' || current === 'closed') && lastResolution ? lastResolution.start : null,
    paused: resolveState === 'paused',
    respond_breached: respond.breached,
    resolve_breached: resolve.breached,
    respond_elapsed_share: respond.share,
    resolve_elapsed_share: resolve.share,
    respond_warning_at: respond.warningAt,
    respond_breach_at: respond.breachAt,
    resolve_warning_at: resolve.warningAt,
    resolve_breach_at: resolve.breachAt,
  }
}

/** The statuses the incident held and when, from opening to `now`. */
function timeline(history: IncidentHistory, now: Date): Segment[] {
  const opened = history.openedAt
  const changes = history.changes.filter((c) => c.at <= now).toSorted((a, b) => a.at.getTime() - b.at.getTime())
  const segments: Segment[] = []
  let status: IncidentStatus = 'new'
  let start = opened
  for (const change of changes) {
    if (change.to === status) continue
    // A move stamped before the opening (a clock a moment apart) counts as made at the opening.
    const at = change.at < opened ? opened : change.at
    segments.push({ status, start, end: at })
    status = change.to
    start = at
  }
  segments.push({ status, start, end: now > start ? now : start })
  return segments
}

type ClockState = 'running' | 'paused' | 'stopped'

/** One clock: the segments it counted, whether it still counts, and its target. */
function measure(time: WorkingTime, counted: Segment[], state: ClockState, target: number, now: Date) {
  const spans = counted.map((s) => ({ start: s.start, counted: time.between(s.start, s.end) }))
  const elapsed = spans.reduce((sum, s) => sum + s.counted, 0)
  const stoppedAt = counted.at(-1)?.end ?? now

  /** The instant the clock reaches `mark` counted milliseconds: in the past, or projected. */
  function reaches(mark: number) {
    let before = 0
    for (const span of spans) {
      if (before + span.counted >= mark) return time.add(span.start, mark - before)
      before += span.counted
    }
    return time.add(state === 'stopped' ? stoppedAt : now, mark - elapsed)
  }

  const running = state === 'running'
  return {
    dueAt: reaches(target),
    breached: state === 'stopped' ? elapsed > target : elapsed >= target,
    share: elapsed / target,
    warningAt: running ? reaches(target * WARNING_SHARE) : null,
    breachAt: running ? reaches(target) : null,
  }
}
