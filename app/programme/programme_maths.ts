import { progress } from '#app/overview/programme_targets'

/**
 * The programme review's arithmetic, as plain functions over plain values (unit tests in
 * tests/unit/programme/): where the plan stands in a given month, how far behind it a count is,
 * when a target will be met at the current pace, and the inventory as it stood at an instant,
 * rolled back through the audit log.
 */

export const MEASURES = ['data_centres', 'information_systems', 'agency_lines', 'it_certifications', 'maintenance_spend_saved', 'build_spend_saved'] as const
export type Measure = (typeof MEASURES)[number]

/** The measures counted from the inventory (what is left); the others are figures agencies enter. */
export const COUNTED_MEASURES = ['data_centres', 'information_systems', 'agency_lines'] as const satisfies readonly Measure[]
export type CountedMeasure = (typeof COUNTED_MEASURES)[number]

/** Shares in percent, the same for every scope: a ministry is asked to save 15% of its own spend. */
export const PERCENT_MEASURES: ReadonlySet<Measure> = new Set(['maintenance_spend_saved', 'build_spend_saved'])

export interface YearTarget {
  year: number
  baseline: number
  target: number
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1
const monthOfIndex = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
export const addMonths = (month: string, n: number) => monthOfIndex(monthIndex(month) + n)
export const monthsBetween = (from: string, to: string) => monthIndex(to) - monthIndex(from)

/**
 * The plan's value at the end of `month`: the baseline before the first year, each year's target
 * at the end of December, a straight line in between, the last target after the last year.
 * Null without targets.
 */
export function plannedAt(targets: readonly YearTarget[], month: string): number | null {
  if (!targets.length) return null
  const years = [...targets].sort((a, b) => a.year - b.year)
  // Knots: (end of December of year - 1, baseline) then (end of December of each year, its target).
  const knots: Array<[number, number]> = [[monthIndex(`${years[0].year - 1}-12`), years[0].baseline]]
  for (const y of years) knots.push([monthIndex(`${y.year}-12`), y.target])
  const at = monthIndex(month)
  if (at <= knots[0][0]) return knots[0][1]
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i]
    if (at <= x1) {
      const [x0, y0] = knots[i - 1]
      return round2(y0 + ((y1 - y0) * (at - x0)) / (x1 - x0))
    }
  }
  return knots[knots.length - 1][1]
}

const round2 = (n: number) => Math.round(n * 100) / 100
const round4 = (n: number) => Math.round(n * 10000) / 10000
/** Rounds up, but not a value that is whole but for floating-point noise (4000 × 0.1). */
const ceil = (n: number) => Math.ceil(n - 1e-9)

/**
 * How far behind the plan a scope is, as a share of the whole way from baseline to the final
 * target: the plan's progress this month minus the actual progress. Positive is behind, negative
 * ahead; null when either is unknown.
 */
export function behindPlan(baseline: number, finalTarget: number, planned: number | null, actual: number | null): number | null {
  if (planned === null || actual === null) return null
  return round4(progress(baseline, finalTarget, planned) - progress(baseline, finalTarget, actual))
}

export interface Forecast {
  /** The month the target is met at the current pace; null when the pace never gets there. */
  month: string | null
  /** The range of that month from the pace's uncertainty (two standard errors of the slope). */
  earliest: string | null
  latest: string | null
  /** Change per month at the current pace. */
  pace: number
  met: boolean
}

/**
 * When `target` will be met at the pace of the points (month, actual), by a least-squares line
 * through the last `window` points. The range comes from the slope's standard error (±2): a
 * steady pace gives a narrow range, a jumpy one a wide one, and a range whose slow end never
 * reaches the target has no latest month. Already met: the last point's month. Fewer than three
 * points, or a pace that does not move towards the target: no month.
 */
export function forecastMet(points: ReadonlyArray<{ month: string; actual: number }>, target: number, window = 12): Forecast | null {
  const sorted = [...points].sort((a, b) => monthIndex(a.month) - monthIndex(b.month)).slice(-window)
  if (!sorted.length) return null
  const last = sorted[sorted.length - 1]
  const first = sorted[0]
  const downward = first.actual >= target
  const reached = (v: number) => (downward ? v <= target : v >= target)
  if (reached(last.actual)) return { month: last.month, earliest: last.month, latest: last.month, pace: 0, met: true }
  if (sorted.length < 3) return null
  const xs = sorted.map((p) => monthIndex(p.month))
  const ys = sorted.map((p) => p.actual)
  const n = xs.length
  const mx = xs.reduce((s, x) => s + x, 0) / n
  const my = ys.reduce((s, y) => s + y, 0) / n
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0)
  const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / sxx
  const intercept = my - slope * mx
  const residual = xs.reduce((s, x, i) => s + (ys[i] - (intercept + slope * x)) ** 2, 0)
  const se = n > 2 ? Math.sqrt(residual / (n - 2) / sxx) : 0
  // Months from the last point until the line through it at `pace` reaches the target.
  const from = monthIndex(last.month)
  const fitted = intercept + slope * from
  const when = (pace: number) => {
    const towards = downward ? -pace : pace
    if (towards <= 0) return null
    return monthOfIndex(from + ceil(Math.abs(target - fitted) / towards))
  }
  const month = when(slope)
  if (month === null) return { month: null, earliest: null, latest: null, pace: round2(slope), met: false }
  const fast = downward ? slope - 2 * se : slope + 2 * se
  const slow = downward ? slope + 2 * se : slope - 2 * se
  return { month, earliest: when(fast), latest: when(slow), pace: round2(slope), met: false }
}

/** Ministries ordered by how far behind plan they are, the furthest first; unknown last. */
export function rankBehind<T extends { behind: number | null }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (b.behind ?? -Infinity) - (a.behind ?? -Infinity))
}

/** The mean of the known values, or null. */
export function meanOf(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null)
  return known.length ? round4(known.reduce((s, v) => s + v, 0) / known.length) : null
}

/**
 * A scope's own targets where the national plan has no allocation for it: its share of the
 * national plan in proportion to its baseline (what it held at the start), rounded up so a small
 * agency is never asked to close a fraction of a data centre it does not have. A measure that
 * starts from nothing (certifications) is shared by `share`, the scope's part of the nation's
 * information systems. Shares in percent stay the national ones.
 */
export function derivedTargets(national: readonly YearTarget[], measure: Measure, ownBaseline: number | null, share: number | null = null): YearTarget[] {
  if (PERCENT_MEASURES.has(measure)) return national.map((t) => ({ ...t }))
  return national.flatMap((t) => {
    if (t.baseline === 0) return share === null ? [] : [{ year: t.year, baseline: 0, target: ceil(t.target * share) }]
    if (ownBaseline === null) return []
    return [{ year: t.year, baseline: ownBaseline, target: ceil((ownBaseline * t.target) / t.baseline) }]
  })
}

/** An inventory row as far as the programme counts it. */
export interface CountedRow {
  agency_id: number | null
  status: string
}

/** Whether a row still counts as left (not closed, retired, merged or decommissioned). */
export function remains(measure: CountedMeasure, status: string) {
  if (measure === 'data_centres') return status !== 'closed'
  if (measure === 'information_systems') return status === 'active' || status === 'migrating'
  return status !== 'decommissioned'
}

export const MEASURE_TABLE: Record<CountedMeasure, string> = { data_centres: 'data_centres', information_systems: 'information_systems', agency_lines: 'links' }

export interface AuditStep {
  action: 'create' | 'update' | 'delete'
  entity: string
  entity_id: string
  before: Record<string, unknown> | null
}

/**
 * The rows of one table as they stood before `steps` (audit entries after the instant, newest
 * first): a creation is taken away, a deletion put back from what it recorded, an update's
 * recorded old values restored. Rows are keyed by id.
 */
export function rollBack(rows: Map<string, CountedRow>, steps: readonly AuditStep[]): Map<string, CountedRow> {
  const state = new Map([...rows].map(([id, row]) => [id, { ...row }]))
  for (const step of steps) {
    if (step.action === 'create') {
      state.delete(step.entity_id)
      continue
    }
    const before = step.before ?? {}
    const agency = 'agency_id' in before ? before.agency_id : before.agencyId
    if (step.action === 'delete') {
      state.set(step.entity_id, { agency_id: agency === null || agency === undefined ? null : Number(agency), status: String(before.status ?? '') })
      continue
    }
    const row = state.get(step.entity_id)
    if (!row) continue
    if (agency !== undefined) row.agency_id = agency === null ? null : Number(agency)
    if ('status' in before) row.status = String(before.status)
  }
  return state
}

export interface AgencyNode {
  id: number
  path: string
}

/**
 * Per agency, what its whole subtree holds, and the nation's: a row counts for its agency and
 * every agency above it (the ids in its agency's path).
 */
export function countBySubtree(measure: CountedMeasure, agencies: readonly AgencyNode[], rows: Iterable<CountedRow>) {
  const pathOf = new Map(agencies.map((a) => [a.id, a.path]))
  const by = new Map<number | null, { remaining: number; total: number }>([[null, { remaining: 0, total: 0 }]])
  for (const a of agencies) by.set(a.id, { remaining: 0, total: 0 })
  for (const row of rows) {
    const left = remains(measure, row.status) ? 1 : 0
    const nation = by.get(null)!
    nation.total++
    nation.remaining += left
    const path = row.agency_id === null ? undefined : pathOf.get(row.agency_id)
    if (!path) continue
    for (const id of path.split('/').filter(Boolean).map(Number)) {
      const counts = by.get(id)
      if (!counts) continue
      counts.total++
      counts.remaining += left
    }
  }
  return by
}
