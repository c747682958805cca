import { binSql, type RollupResolution } from '#app/samples/buckets'

/**
 * Probe bursts rolled up beside the link samples, by the same job in the same transaction and on
 * the same marks (app/samples/rollups.ts), so a link's latency and traffic charts always cover
 * the same buckets. 5-minute rows come from bursts; hourly and daily rows from 5-minute rows:
 *   loss        lost share of every probe sent in the bucket (not a mean of burst shares)
 *   loss_max    the worst burst's (5m) or worst 5 minutes' loss
 *   rtt_median  mean of the burst medians, as SmokePing's AVERAGE consolidation of its median
 *   rtt_p10/90  mean of the bursts' percentiles: the shaded band of the chart
 *   rtt_min/max lowest and highest single probe
 *   jitter      mean of the bursts' jitter
 */
export const PROBE_TABLES = { raw: 'link_probes', '5m': 'link_probes_5m', '1h': 'link_probes_1h', '1d': 'link_probes_1d' } as const

const COLUMNS = [
  'bucket', 'link_id', 'bursts', 'sent', 'received', 'loss', 'loss_max',
  'rtt_median', 'rtt_min', 'rtt_max', 'rtt_p10', 'rtt_p90', 'jitter',
] as const

const lossOf = (sent: string, received: string) => `1 - ${received}::real / NULLIF(${sent}, 0)`

export function probesFiveMinuteSql(where: string) {
  return `
    SELECT ${binSql('5m', 'at')} AS bucket, link_id, count(*)::int AS bursts,
           sum(sent)::int AS sent, sum(received)::int AS received,
           ${lossOf('sum(sent)', 'sum(received)')} AS loss, max(${lossOf('sent', 'received')}) AS loss_max,
           avg(rtt_median) AS rtt_median, min(rtt_min) AS rtt_min, max(rtt_max) AS rtt_max,
           avg(rtt_p10) AS rtt_p10, avg(rtt_p90) AS rtt_p90, avg(jitter) AS jitter
      FROM link_probes
     WHERE ${where}
     GROUP BY 1, 2`
}

export function probesLongerSql(resolution: Exclude<RollupResolution, '5m'>, where: string) {
  return `
    SELECT ${binSql(resolution, 'bucket')} AS bucket, link_id, sum(bursts)::int AS bursts,
           sum(sent)::int AS sent, sum(received)::int AS received,
           ${lossOf('sum(sent)', 'sum(received)')} AS loss, max(loss_max) AS loss_max,
           avg(rtt_median) AS rtt_median, min(rtt_min) AS rtt_min, max(rtt_max) AS rtt_max,
           avg(rtt_p10) AS rtt_p10, avg(rtt_p90) AS rtt_p90, avg(jitter) AS jitter
      FROM link_probes_5m
     WHERE ${where}
     GROUP BY 1, 2`
}

/** The rollup of one window [from, to) at one resolution, replacing rows it recomputes. */
export function probeRollupSql(resolution: RollupResolution, from: string, to: string) {
  const select =
    resolution === '5m'
      ? probesFiveMinuteSql(`at >= '${from}' AND at < '${to}'`)
      : probesLongerSql(resolution, `bucket >= '${from}' AND bucket < '${to}'`)
  const columns = COLUMNS.join(', ')
  const updates = COLUMNS.filter((c) => c !== 'bucket' && c !== 'link_id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')
  return `INSERT INTO ${PROBE_TABLES[resolution]} (${columns}) SELECT ${columns} FROM (${select}) AS rolled
          ON CONFLICT (link_id, bucket) DO UPDATE SET ${updates}`
}
