import { DateTime } from 'luxon'
import { isMajor, LEGAL_CLOCKS, type LegalClockName, type LegalClockState, type SecurityLevel } from '#shared/security_grading'

/**
 * The legal clocks of a security incident (資通安全事件通報及應變辦法), as one plain function of
 * what happened to it. No database: app/security_grading/incident_legal_clocks.ts gathers the
 * facts from the incident and its timeline.
 *
 * The law's clocks count calendar time from when the agency became aware: an incident on hold is
 * still on the clock (unlike the SLA's resolve clock), a night or a holiday still counts. A
 * change of level recomputes each deadline from awareness with the new level's duration, so a
 * level raised at hour 40 finds its 36-hour containment deadline already past.
 */

export interface LegalClockTerms {
  clock: LegalClockName
  unit: 'hours' | 'months'
  levels_1_2: number
  levels_3_4: number
  warning_percent: number
}

export interface LegalFacts {
  /** When the agency became aware of the incident (the opening, unless someone said earlier). */
  awareAt: Date
  level: SecurityLevel | null
  /** Changes of level, oldest first (the first grading included). */
  levelChanges: ReadonlyArray<{ at: Date; level: SecurityLevel }>
  /** Each report sent to the authority, oldest first, with the level it reported. */
  reports: ReadonlyArray<{ at: Date; level: SecurityLevel | null }>
  /** When G-ISAC last confirmed the level, while the level stands confirmed; else null. */
  reviewedAt: Date | null
  /** When the level was last proposed and not yet confirmed (a liaison's grading); else null. */
  proposedAt: Date | null
  /** Damage controlled or service recovered: the incident's resolution. */
  recoveredAt: Date | null
  /** The investigation, handling and improvement report: closing the incident takes it. */
  closedAt: Date | null
  cancelled: boolean
}

export interface LegalClock {
  clock: LegalClockName
  /** The level whose duration applies (null: not graded yet, counted as levels 3–4). */
  level: SecurityLevel | null
  starts_at: Date | null
  due_at: Date | null
  warning_at: Date | null
  met_at: Date | null
  state: LegalClockState
  /** Share of the allowed time used, to now or to when it was met; 0 while pending. */
  elapsed_share: number
}

const ZONE = 'Asia/Taipei'

/**
 * The deadline from a start: hours are exact; a month is the calendar month in Taipei (a report
 * due "within one month" of 31 January is due on 28 February, as luxon clamps the day).
 */
export function deadlineOf(terms: LegalClockTerms, level: SecurityLevel | null, start: Date): Date {
  // Not graded yet: the shorter clocks of levels 3–4, so the warning comes early rather than late.
  const amount = level === null || isMajor(level) ? terms.levels_3_4 : terms.levels_1_2
  if (terms.unit === 'hours') return new Date(start.getTime() + amount * 3600_000)
  return DateTime.fromJSDate(start, { zone: ZONE }).plus({ months: amount }).toJSDate()
}

/**
 * When the latest report obligation started and whether a report met it. The agency reports
 * within the clock of awareness, and again within the clock of any change of level it has not
 * reported yet (art. 4: 通報後等級變更者，應於知悉後一小時內續行通報).
 */
export function reportObligation(facts: LegalFacts) {
  type Step = { at: Date; report?: { level: SecurityLevel | null }; level?: SecurityLevel }
  const steps: Step[] = [
    ...facts.levelChanges.map((c): Step => ({ at: c.at, level: c.level })),
    ...facts.reports.map((r): Step => ({ at: r.at, report: { level: r.level } })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.report ? 1 : 0) - (b.report ? 1 : 0))
  let start = facts.awareAt
  let metAt: Date | null = null
  let reported: SecurityLevel | null | undefined
  for (const step of steps) {
    if (step.report) {
      if (metAt === null) metAt = step.at
      reported = step.report.level
    } else if (metAt !== null && reported !== undefined && step.level !== reported) {
      start = step.at
      metAt = null
    }
  }
  return { start, metAt }
}

function stateOf(terms: LegalClockTerms, level: SecurityLevel | null, start: Date | null, metAt: Date | null, cancelled: boolean, now: Date): LegalClock {
  const base = { clock: terms.clock, level, met_at: metAt }
  if (start === null) return { ...base, starts_at: null, due_at: null, warning_at: null, state: metAt ? 'met' : cancelled ? 'stopped' : 'pending', elapsed_share: 0 }
  const due = deadlineOf(terms, level, start)
  const span = Math.max(1, due.getTime() - start.getTime())
  const warningAt = new Date(start.getTime() + (span * terms.warning_percent) / 100)
  const until = metAt ?? now
  const share = Math.max(0, (until.getTime() - start.getTime()) / span)
  let state: LegalClockState
  if (metAt) state = metAt <= due ? 'met' : 'breached'
  else if (cancelled) state = 'stopped'
  else if (now > due) state = 'breached'
  else state = now >= warningAt ? 'warning' : 'running'
  return { ...base, starts_at: start, due_at: due, warning_at: warningAt, state, elapsed_share: share }
}

/**
 * Every legal clock of a security incident as of `now`, in the order of LEGAL_CLOCKS. A clock
 * with no policy row is left out. A cancelled incident stops the clocks not yet met (it was
 * raised in error).
 */
export function legalClocks(policies: ReadonlyArray<LegalClockTerms>, facts: LegalFacts, now: Date): LegalClock[] {
  const byClock = new Map(policies.map((p) => [p.clock, p]))
  const out: LegalClock[] = []
  for (const name of LEGAL_CLOCKS) {
    const terms = byClock.get(name)
    if (!terms) continue
    switch (name) {
      case 'report': {
        const { start, metAt } = reportObligation(facts)
        out.push(stateOf(terms, facts.level, start, metAt, facts.cancelled, now))
        break
      }
      case 'review': {
        // The authority reviews what was reported: from the first report, or from a level
        // proposed again after it.
        const firstReport = facts.reports[0]?.at ?? null
        const start = firstReport && facts.proposedAt && facts.proposedAt > firstReport ? facts.proposedAt : firstReport
        const metAt = facts.reviewedAt && start ? new Date(Math.max(facts.reviewedAt.getTime(), start.getTime())) : facts.reviewedAt
        out.push(stateOf(terms, facts.level, start, metAt, facts.cancelled, now))
        break
      }
      case 'contain':
        out.push(stateOf(terms, facts.level, facts.awareAt, facts.recoveredAt, facts.cancelled, now))
        break
      case 'investigation':
        out.push(stateOf(terms, facts.level, facts.awareAt, facts.cancelled ? null : facts.closedAt, facts.cancelled, now))
        break
    }
  }
  return out
}

/**
 * The instants alarms are due on for each clock not yet met: its warning (until it is breached)
 * and its breach, even when already past (a time of awareness given late), so they are said at
 * once; the job that fires says each deadline's alarm only once.
 */
export function alarmInstants(clocks: ReadonlyArray<LegalClock>) {
  const out: Array<{ clock: LegalClockName; kind: 'warning' | 'breach'; at: Date }> = []
  for (const c of clocks) {
    if (c.met_at || c.due_at === null || c.state === 'stopped' || c.state === 'pending') continue
    if (c.state !== 'breached') out.push({ clock: c.clock, kind: 'warning', at: c.warning_at! })
    out.push({ clock: c.clock, kind: 'breach', at: c.due_at })
  }
  return out
}

/**
 * The deadline the analyst's queue sorts by: the earliest of the clocks still to be met, a
 * breached one included (its deadline is past, so it comes first). Pending clocks (the review
 * before any report), met and stopped ones have none; null when no clock is running.
 */
export function nextLegalDeadline(clocks: ReadonlyArray<LegalClock>): Date | null {
  let next: Date | null = null
  for (const c of clocks) {
    if (c.met_at || c.due_at === null || c.state === 'stopped' || c.state === 'pending') continue
    if (next === null || c.due_at < next) next = c.due_at
  }
  return next
}

/** Policy rows of the regulation as written (the migration's seed), for tests and resets. */
export const DEFAULT_LEGAL_TERMS: LegalClockTerms[] = [
  { clock: 'report', unit: 'hours', levels_1_2: 1, levels_3_4: 1, warning_percent: 75 },
  { clock: 'review', unit: 'hours', levels_1_2: 8, levels_3_4: 2, warning_percent: 75 },
  { clock: 'contain', unit: 'hours', levels_1_2: 72, levels_3_4: 36, warning_percent: 75 },
  { clock: 'investigation', unit: 'months', levels_1_2: 1, levels_3_4: 1, warning_percent: 75 },
]
