import { DateTime } from 'luxon'

/**
 * The maths of the monthly service-management figures, as plain functions: a month's bounds in
 * Taipei, means and shares that say "no figure" (null) for an empty month rather than 0, and the
 * time an incident was really being worked.
 */

const ZONE = 'Asia/Taipei'
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/

/** The month's first instant and the next month's, at midnight in Taipei. */
export function monthBounds(month: string): { from: Date; to: Date } {
  if (!MONTH_PATTERN.test(month)) throw new RangeError(`not a month: ${month}`)
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: ZONE })
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() }
}

/** The month an instant falls in, in Taipei (the report's default is the current one). */
export function monthOf(at: Date) {
  return DateTime.fromJSDate(at, { zone: ZONE }).toFormat('yyyy-MM')
}

const round1 = (n: number) => Math.round(n * 10) / 10

/** The mean, to a tenth; null when there is nothing to average. */
export function mean(values: readonly number[]): number | null {
  if (!values.length) return null
  return round1(values.reduce((sum, v) => sum + v, 0) / values.length)
}

/** `part` of `whole` as a percentage to a tenth; null when the whole is empty. */
export function percentage(part: number, whole: number): number | null {
  if (whole <= 0) return null
  return round1((part / whole) * 100)
}

export const minutesBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 60000

export interface Move {
  at: Date
  toStatus: string
}

/** Statuses in which nobody is working the incident: they do not count towards time to resolve. */
const STOPPED = new Set(['on_hold', 'resolved', 'closed', 'cancelled'])

/**
 * Minutes from opening to `resolvedAt` while the incident was being worked: time on hold does
 * not count, nor time resolved before a reopening (the resolve clock continues where it stood).
 * `moves` are the incident's status moves, in order.
 */
export function workedMinutes(openedAt: Date, resolvedAt: Date, moves: readonly Move[]): number {
  let total = 0
  let since = openedAt
  let running = true
  for (const move of moves) {
    if (move.at > resolvedAt) break
    if (running) total += minutesBetween(since, move.at)
    since = move.at
    running = !STOPPED.has(move.toStatus)
  }
  if (running) total += minutesBetween(since, resolvedAt)
  return total
}

export interface Deadline {
  done: Date | null
  due: Date
}

/**
 * Share of deadlines met: one met when done by its due time. One not done yet counts only once
 * its due time has passed (it is then missed); one still running is left out.
 */
export function compliance(deadlines: readonly Deadline[], now: Date) {
  const counted = deadlines.filter((d) => d.done !== null || d.due < now)
  const met = counted.filter((d) => d.done !== null && d.done <= d.due).length
  return { counted: counted.length, met, percent: percentage(met, counted.length) }
}
