import { businessTime, DEFAULT_BUSINESS_HOURS, type DayKind } from '#app/service_levels/business_calendar'
import { TAIWAN_CALENDAR } from '#app/service_levels/taiwan_calendar'

/** A Taipei wall-clock time, 'YYYY-MM-DD HH:mm[:ss[.SSS]]', as the instant it is. */
export function tpe(local: string) {
  return new Date(`${local.replace(' ', 'T')}+08:00`)
}

export const MINUTE = 60_000

/**
 * 2025's Lunar New Year as the DGPA published it: Monday 27 January taken off and Saturday
 * 8 February worked in exchange, the last make-up working day (補班日) before the rules changed.
 */
export const LUNAR_NEW_YEAR_2025: [string, DayKind][] = [
  ['2025-01-27', 'holiday'],
  ['2025-01-28', 'holiday'],
  ['2025-01-29', 'holiday'],
  ['2025-01-30', 'holiday'],
  ['2025-01-31', 'holiday'],
  ['2025-02-08', 'working_day'],
]

export const officeTime = businessTime(
  DEFAULT_BUSINESS_HOURS,
  new Map<string, DayKind>([...TAIWAN_CALENDAR.map((d): [string, DayKind] => [d.date, d.kind]), ...LUNAR_NEW_YEAR_2025])
)
