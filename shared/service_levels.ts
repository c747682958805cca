/** Value lists of SLA policies and the office calendar that the API validates and the UI offers. */

/** Around the clock, or the office's business hours in Taipei with its calendar. */
export const CALENDARS = ['24x7', 'business'] as const
/** A weekday off, or a Saturday worked (補班日). */
export const DAY_KINDS = ['holiday', 'working_day'] as const
/** ISO weekdays, 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const

export const serviceLevelEnums = { sla_calendar: CALENDARS, day_kind: DAY_KINDS, weekday: WEEKDAYS }
