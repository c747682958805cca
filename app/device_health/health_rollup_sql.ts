import { binSql, type RollupResolution } from '#app/samples/buckets'

/**
 * Device health rolled up beside the link samples, by the same job in the same transaction and on
 * the same marks (app/samples/rollups.ts), so a device's charts and its links' cover the same
 * buckets. 5-minute rows come from polls; hourly and daily rows from 5-minute rows:
 *   *_avg   mean of the polls (5m) or a mean of the 5-minute means weighted by their polls
 *   *_max   the highest poll: a short CPU peak stays visible on the year's chart
 *   uptime  the highest uptime seen in the bucket (it only grows until a reboot)
 */
export const HEALTH_TABLES = { raw: 'device_health', '5m': 'device_health_5m', '1h': 'device_health_1h', '1d': 'device_health_1d' } as const

const COLUMNS = [
  'bucket', 'device_id', 'polls', 'cpu_avg', 'cpu_max', 'load_avg', 'memory_avg', 'memory_max',
  'storage_avg', 'storage_max', 'temperature_avg', 'temperature_max', 'uptime_s',
] as const

export function healthFiveMinuteSql(where: string) {
  return `
    SELECT ${binSql('5m', 'at')} AS bucket, device_id, count(*)::int AS polls,
           avg(cpu_pct) AS cpu_avg, max(cpu_pct) AS cpu_max, avg(load_1) AS load_avg,
           avg(memory_pct) AS memory_avg, max(memory_pct) AS memory_max,
           avg(storage_pct) AS storage_avg, max(storage_pct) AS storage_max,
           avg(temperature_c) AS temperature_avg, max(temperature_c) AS temperature_max,
           max(uptime_s) AS uptime_s
      FROM device_health
     WHERE ${where}
     GROUP BY 1, 2`
}

const weighted = (column: string) => `sum(${column} * polls) / NULLIF(sum(polls) FILTER (WHERE ${column} IS NOT NULL), 0)`

export function healthLongerSql(resolution: Exclude<RollupResolution, '5m'>, where: string) {
  return `
    SELECT ${binSql(resolution, 'bucket')} AS bucket, device_id, sum(polls)::int AS polls,
           ${weighted('cpu_avg')} AS cpu_avg, max(cpu_max) AS cpu_max, ${weighted('load_avg')} AS load_avg,
           ${weighted('memory_avg')} AS memory_avg, max(memory_max) AS memory_max,
           ${weighted('storage_avg')} AS storage_avg, max(storage_max) AS storage_max,
           ${weighted('temperature_avg')} AS temperature_avg, max(temperature_max) AS temperature_max,
           max(uptime_s) AS uptime_s
      FROM device_health_5m
     WHERE ${where}
     GROUP BY 1, 2`
}

/** The rollup of one window [from, to) at one resolution, replacing rows it recomputes. */
export function healthRollupSql(resolution: RollupResolution, from: string, to: string) {
  const select =
    resolution === '5m'
      ? healthFiveMinuteSql(`at >= '${from}' AND at < '${to}'`)
      : healthLongerSql(resolution, `bucket >= '${from}' AND bucket < '${to}'`)
  const columns = COLUMNS.join(', ')
  const updates = COLUMNS.filter((c) => c !== 'bucket' && c !== 'device_id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')
  return `INSERT INTO ${HEALTH_TABLES[resolution]} (${columns}) SELECT ${columns} FROM (${select}) AS rolled
          ON CONFLICT (device_id, bucket) DO UPDATE SET ${updates}`
}
