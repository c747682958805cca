/**
 * Bucket boundaries. Five minutes and hours are the same everywhere; days are Taiwan's days
 * (UTC+8, no daylight saving since 1979), so a daily figure means what an operator in Taipei
 * calls yesterday. SQL uses the same origins through date_bin().
 */
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
export const DAY_OFFSET_MS = 8 * HOUR
/** date_bin origin for days: a Taipei midnight. */
export const DAY_ORIGIN_SQL = `TIMESTAMPTZ '2000-01-01 00:00:00+08'`
export const ORIGIN_SQL = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`

export const RESOLUTION_MS = { '5m': 5 * MINUTE, '1h': HOUR, '1d': DAY } as const
export type RollupResolution = keyof typeof RESOLUTION_MS

export function floorTo(resolution: RollupResolution, at: Date | number) {
  const t = typeof at === 'number' ? at : at.getTime()
  const size = RESOLUTION_MS[resolution]
  const offset = resolution === '1d' ? DAY_OFFSET_MS : 0
  return new Date(Math.floor((t + offset) / size) * size - offset)
}

export function ceilTo(resolution: RollupResolution, at: Date | number) {
  const t = typeof at === 'number' ? at : at.getTime()
  const floor = floorTo(resolution, t)
  return floor.getTime() === t ? floor : new Date(floor.getTime() + RESOLUTION_MS[resolution])
}

/** `date_bin` expression putting a timestamp column into its bucket. */
export function binSql(resolution: RollupResolution, column: string) {
  const interval = { '5m': '5 minutes', '1h': '1 hour', '1d': '1 day' }[resolution]
  return `date_bin('${interval}', ${column}, ${resolution === '1d' ? DAY_ORIGIN_SQL : ORIGIN_SQL})`
}

/** Partitions are cut in UTC: raw by day, rollups by month. */
export function utcDayStart(at: Date) {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
}

export function utcMonthStart(at: Date) {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1))
}

export function addUtcDays(at: Date, days: number) {
  return new Date(at.getTime() + days * DAY)
}

export function addUtcMonths(at: Date, months: number) {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, at.getUTCDate()))
}
