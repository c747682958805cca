import { binSql, type RollupResolution } from '#app/samples/buckets'

/**
 * The SQL that turns samples into rollup rows, shared by the rollup job (which stores them)
 * and the traffic query (which computes the newest 5-minute buckets the job has not reached).
 *
 * 5-minute rows come from raw samples. Hourly and daily rows come from the 5-minute rows, never
 * from each other, so their 95th percentiles are over the 5-minute samples as billing requires:
 *   in_avg  / out_avg   mean of the period (for 1h/1d: mean of its 5-minute averages, so every
 *                       five minutes weigh the same however many polls they had)
 *   in_max  / out_max   highest single poll
 *   in_p95  / out_p95   nearest-rank 95th percentile (percentile_disc) of the polls (5m) or of
 *                       the 5-minute averages (1h, 1d)
 *   peak_*              the same for max(in, out); a 5-minute row's peak_avg is
 *                       max(in_avg, out_avg), the "5-minute sample of the larger direction"
 * Nulls (rates a poll could not compute) are left out of every aggregate.
 */
export const ROLLUP_COLUMNS = [
  'bucket', 'link_id', 'samples',
  'in_avg', 'in_max', 'in_p95', 'out_avg', 'out_max', 'out_p95', 'peak_avg', 'peak_max', 'peak_p95',
  'in_util_avg', 'in_util_max', 'out_util_avg', 'out_util_max',
  'in_errors_ps', 'out_errors_ps', 'in_discards_ps', 'out_discards_ps', 'down_samples',
] as const

const p95 = (expression: string) => `percentile_disc(0.95) WITHIN GROUP (ORDER BY ${expression})`

/** SELECT of 5-minute rows from link_samples; `where` filters the raw rows. */
export function fiveMinuteFromRawSql(where: string) {
  return `
    SELECT ${binSql('5m', 'at')} AS bucket, link_id, count(*)::int AS samples,
           avg(in_bps) AS in_avg, max(in_bps) AS in_max, ${p95('in_bps')} AS in_p95,
           avg(out_bps) AS out_avg, max(out_bps) AS out_max, ${p95('out_bps')} AS out_p95,
           GREATEST(avg(in_bps), avg(out_bps)) AS peak_avg,
           max(GREATEST(in_bps, out_bps)) AS peak_max,
           ${p95('GREATEST(in_bps, out_bps)')} AS peak_p95,
           avg(in_util) AS in_util_avg, max(in_util) AS in_util_max,
           avg(out_util) AS out_util_avg, max(out_util) AS out_util_max,
           avg(in_errors_ps) AS in_errors_ps, avg(out_errors_ps) AS out_errors_ps,
           avg(in_discards_ps) AS in_discards_ps, avg(out_discards_ps) AS out_discards_ps,
           (count(*) FILTER (WHERE oper_status <> 1))::int AS down_samples
      FROM link_samples
     WHERE ${where}
     GROUP BY 1, 2`
}

/** SELECT of hourly or daily rows from link_samples_5m; `where` filters the 5-minute rows. */
export function longerFromFiveMinuteSql(resolution: Exclude<RollupResolution, '5m'>, where: string) {
  return `
    SELECT ${binSql(resolution, 'bucket')} AS bucket, link_id, sum(samples)::int AS samples,
           avg(in_avg) AS in_avg, max(in_max) AS in_max, ${p95('in_avg')} AS in_p95,
           avg(out_avg) AS out_avg, max(out_max) AS out_max, ${p95('out_avg')} AS out_p95,
           avg(peak_avg) AS peak_avg, max(peak_max) AS peak_max, ${p95('peak_avg')} AS peak_p95,
           avg(in_util_avg) AS in_util_avg, max(in_util_max) AS in_util_max,
           avg(out_util_avg) AS out_util_avg, max(out_util_max) AS out_util_max,
           avg(in_errors_ps) AS in_errors_ps, avg(out_errors_ps) AS out_errors_ps,
           avg(in_discards_ps) AS in_discards_ps, avg(out_discards_ps) AS out_discards_ps,
           sum(down_samples)::int AS down_samples
      FROM link_samples_5m
     WHERE ${where}
     GROUP BY 1, 2`
}

/** INSERT … SELECT that replaces the rows it recomputes (late samples recompute a bucket). */
export function upsertSql(table: string, select: string) {
  const columns = ROLLUP_COLUMNS.join(', ')
  const updates = ROLLUP_COLUMNS.filter((c) => c !== 'bucket' && c !== 'link_id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')
  return `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM (${select}) AS rolled
          ON CONFLICT (link_id, bucket) DO UPDATE SET ${updates}`
}
