import db from '@adonisjs/lucid/services/db'
import { RESOLUTION_MS, binSql, floorTo } from '#app/samples/buckets'
import { TRAFFIC_RANGES, type TrafficRange } from '#app/samples/traffic'
import { PROBE_TABLES } from '#app/line_quality/probe_rollup_sql'
import type { Latency as SharedLatency, LatencyPoint } from '#shared/line_quality'

type Latency = SharedLatency<TrafficRange>

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))

const AGGREGATES = `count(*)::int AS bursts, sum(sent)::int AS sent, sum(received)::int AS received,
  1 - sum(received)::real / NULLIF(sum(sent), 0) AS loss, max(1 - received::real / NULLIF(sent, 0)) AS loss_max,
  avg(rtt_median) AS rtt_median, min(rtt_min) AS rtt_min, max(rtt_max) AS rtt_max,
  avg(rtt_p10) AS rtt_p10, avg(rtt_p90) AS rtt_p90, avg(jitter) AS jitter`

function pointOf(r: any): LatencyPoint {
  return {
    time: new Date(r.time).toISOString(),
    bursts: Number(r.bursts),
    sent: Number(r.sent),
    received: Number(r.received),
    loss: num(r.loss),
    loss_max: num(r.loss_max),
    rtt_median: num(r.rtt_median),
    rtt_min: num(r.rtt_min),
    rtt_max: num(r.rtt_max),
    rtt_p10: num(r.rtt_p10),
    rtt_p90: num(r.rtt_p90),
    jitter: num(r.jitter),
  }
}

/**
 * A link's round trips and loss over one of the chart ranges, SmokePing's way: the median line,
 * the burst's spread (10th–90th percentile band, min and max), loss and jitter. Short ranges
 * read the bursts themselves, long ones the rollups (the same ranges and resolutions as the
 * traffic charts). The rollups lag behind the clock (they are final only once samples:maintain
 * has passed their bucket), so the buckets after the newest rolled-up one are summed from the
 * bursts on the fly, the way the rollup would: a fresh link's week shows its first hours at once.
 */
export async function linkLatency(linkId: number, range: TrafficRange, now = new Date()): Promise<Latency> {
  const { span, resolution } = TRAFFIC_RANGES[range]
  const to = now
  const from = new Date(now.getTime() - span)
  let series: LatencyPoint[]
  if (resolution === 'raw') {
    const { rows } = await db.rawQuery(
      `SELECT at AS time, 1 AS bursts, sent, received, 1 - received::real / NULLIF(sent, 0) AS loss,
              1 - received::real / NULLIF(sent, 0) AS loss_max, rtt_median, rtt_min, rtt_max, rtt_p10, rtt_p90, jitter
         FROM link_probes WHERE link_id = ? AND at >= ? AND at <= ? ORDER BY at`,
      [linkId, from.toISOString(), to.toISOString()]
    )
    series = rows.map(pointOf)
  } else {
    const seriesFrom = floorTo(resolution, from)
    const { rows: rolled } = await db.rawQuery(
      `SELECT bucket AS time, bursts, sent, received, loss, loss_max, rtt_median, rtt_min, rtt_max, rtt_p10, rtt_p90, jitter
         FROM ${PROBE_TABLES[resolution]} WHERE link_id = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket`,
      [linkId, seriesFrom.toISOString(), to.toISOString()]
    )
    const last = rolled.length ? new Date(rolled[rolled.length - 1].time).getTime() : null
    // Buckets not rolled up yet, from the bursts (raw rows are kept longer than a day's bucket).
    const tailStart = last === null ? seriesFrom : new Date(last + RESOLUTION_MS[resolution])
    const { rows: tail } = await db.rawQuery(
      `SELECT ${binSql(resolution, 'at')} AS time, ${AGGREGATES}
         FROM link_probes WHERE link_id = ? AND at >= ? AND at <= ? GROUP BY 1 ORDER BY 1`,
      [linkId, tailStart.toISOString(), to.toISOString()]
    )
    series = [...rolled, ...tail].map(pointOf)
  }
  const sent = series.reduce((n, p) => n + p.sent, 0)
  const received = series.reduce((n, p) => n + p.received, 0)
  const medians = series.map((p) => p.rtt_median).filter((v): v is number => v !== null).sort((a, b) => a - b)
  return {
    link_id: linkId,
    range,
    resolution,
    from: from.toISOString(),
    to: to.toISOString(),
    series,
    sent,
    loss: sent ? 1 - received / sent : null,
    rtt_median: medians.length ? medians[Math.floor((medians.length - 1) / 2)] : null,
  }
}
