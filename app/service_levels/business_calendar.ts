import { DateTime } from 'luxon'
import { CALENDARS, DAY_KINDS } from '#shared/service_levels'

/**
 * The time an SLA counts. Around the clock every millisecond counts; on business hours only the
 * office's hours in Taipei on working days do. Taiwan moves working days: a holiday takes a
 * weekday off and a make-up working day (補班日) puts a Saturday to work, so the calendar is the
 * weekday pattern overridden, date by date, by the days an admin keeps.
 *
 * Everything is in milliseconds: incidents open at any second, and a clock rounded to minutes
 * would move a due time by up to a minute each time it is paused and resumed.
 */
export const ZONE = 'Asia/Taipei'
export { CALENDARS, DAY_KINDS }
export type CalendarKind = (typeof CALENDARS)[number]
export type DayKind = (typeof DAY_KINDS)[number]

export interface BusinessHours {
  /** ISO weekdays worked unless the calendar says otherwise: 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[]
  /** Local Taipei times, HH:mm (seconds allowed, as PostgreSQL's time columns return them). */
  opens: string
  closes: string
}

export const DEFAULT_BUSINESS_HOURS: BusinessHours = { weekdays: [1, 2, 3, 4, 5], opens: '08:30', closes: '17:30' }

export interface WorkingTime {
  /** Counted milliseconds in [from, to); 0 when `to` is not after `from`. */
  between(from: Date, to: Date): number
  /** The earliest instant by which `ms` counted milliseconds have passed since `from`. */
  add(from: Date, ms: number): Date
}

export const AROUND_THE_CLOCK: WorkingTime = {
  between: (from, to) => Math.max(0, to.getTime() - from.getTime()),
  add: (from, ms) => new Date(from.getTime() + Math.max(0, ms)),
}

/** How far `add` looks for working time before it gives up on a calendar that has none. */
const SEARCH_DAYS = 3660

/** Business hours in Taipei with the admin's holidays and make-up working days (keyed by YYYY-MM-DD). */
export function businessTime(hours: BusinessHours, days: ReadonlyMap<string, DayKind>): WorkingTime {
  const opens = clockTime(hours.opens)
  const closes = clockTime(hours.closes)
  if (secondsOf(opens) >= secondsOf(closes)) throw new Error(`business hours must open before they close (${hours.opens}–${hours.closes})`)
  const weekdays = new Set(hours.weekdays)

  /** The working window of a local day, as epoch milliseconds, or null on a day off. */
  function window(day: DateTime): [number, number] | null {
    const kind = days.get(day.toISODate()!)
    const works = kind === 'working_day' || (kind !== 'holiday' && weekdays.has(day.weekday))
    if (!works) return null
    return [day.set(opens).toMillis(), day.set(closes).toMillis()]
  }

  /**
   * Local days already worked out, by the UTC days they overlap. Each day costs Luxon a few time
   * zone look-ups (Intl), and a page of incidents asks for the same few days again and again: an
   * incident list spent most of its time here. Days are worked out by Luxon as before, once.
   */
  const known = new Map<number, LocalDay[]>()
  function localDay(at: number): LocalDay {
    const found = known.get(Math.floor(at / DAY_MS))?.find((d) => d.start <= at && at < d.next)
    if (found) return found
    if (known.size > KNOWN_DAYS) known.clear()
    const day = DateTime.fromMillis(at, { zone: ZONE }).startOf('day')
    const made: LocalDay = { start: day.toMillis(), next: day.plus({ days: 1 }).toMillis(), open: window(day) }
    for (let utcDay = Math.floor(made.start / DAY_MS); utcDay <= Math.floor((made.next - 1) / DAY_MS); utcDay++) {
      const list = known.get(utcDay)
      if (list) list.push(made)
      else known.set(utcDay, [made])
    }
    return made
  }

  return {
    between(from, to) {
      const start = from.getTime()
      const end = to.getTime()
      let total = 0
      for (let day = localDay(start); day.start < end; day = localDay(day.next)) {
        if (day.open) total += Math.max(0, Math.min(end, day.open[1]) - Math.max(start, day.open[0]))
      }
      return total
    },
    add(from, ms) {
      let left = Math.max(0, ms)
      if (left === 0) return new Date(from.getTime())
      let day = localDay(from.getTime())
      for (let i = 0; i < SEARCH_DAYS; i++, day = localDay(day.next)) {
        const open = day.open
        if (!open) continue
        const start = Math.max(from.getTime(), open[0])
        if (start >= open[1]) continue
        if (left <= open[1] - start) return new Date(start + left)
        left -= open[1] - start
      }
      throw new Error('the business calendar has no working time in the next ten years')
    },
  }
}

/** A local day in Taipei: its first instant, the next day's, and its working window. */
interface LocalDay {
  start: number
  next: number
  open: [number, number] | null
}

const DAY_MS = 86_400_000
/** Days kept before the memory is dropped (about thirty years of them). */
const KNOWN_DAYS = 11_000

/** An HH:mm[:ss] local time, set on a day rather than added to its midnight. */
function clockTime(text: string) {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text)
  const [hour, minute, second] = match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : [99, 0, 0]
  if (hour > 23 || minute > 59 || second > 59) throw new Error(`not a time of day: ${text}`)
  return { hour, minute, second, millisecond: 0 }
}

function secondsOf(time: { hour: number; minute: number; second: number }) {
  return time.hour * 3600 + time.minute * 60 + time.second
}

export function workingTimeFor(kind: CalendarKind, business: WorkingTime): WorkingTime {
  return kind === '24x7' ? AROUND_THE_CLOCK : business
}
