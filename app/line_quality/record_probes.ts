import db from '@adonisjs/lucid/services/db'
import { floorTo } from '#app/samples/buckets'
import samplesConfig from '#config/samples'
import type { ProbeReport } from '#collectors/probe/probe_schedule'

export interface RecordProbesResult {
  written: number
  duplicates: number
  rejected: { index: number; link_id: unknown; reason: string }[]
}

const FUTURE_SLACK_MS = 5 * 60_000
const TIME_FIELDS = ['rttMedianMs', 'rttMinMs', 'rttMaxMs', 'rttP10Ms', 'rttP90Ms', 'jitterMs'] as const

/** Why a report cannot be stored, or null. Bad reports are counted and the good ones kept. */
export function checkProbeReport(report: ProbeReport, now: Date): string | null {
  if (!Number.isInteger(report?.linkId) || report.linkId <= 0) return 'no link id'
  if (!Number.isInteger(report.sent) || report.sent < 1 || report.sent > 10_000) return 'sent is not a probe count'
  if (!Number.isInteger(report.received) || report.received < 0 || report.received > report.sent) {
    return 'received is not between 0 and sent'
  }
  for (const field of TIME_FIELDS) {
    const value = report[field]
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) return `${field} is not a time`
  }
  if (report.received > 0 && report.rttMedianMs === null) return 'answered probes without a round trip'
  const at = report.startedAt
  if (!Number.isFinite(at)) return 'no start time'
  if (at > now.getTime() + FUTURE_SLACK_MS) return 'stamped in the future'
  if (at < now.getTime() - samplesConfig.rawDays * 86_400_000) return 'older than the raw retention'
  return null
}

/**
 * Stores probe bursts (one row per link and burst start; a report delivered twice is stored
 * once), links that no longer exist left out and reported, then pulls the 5-minute rollup mark
 * back to the oldest bucket written, as the sample writer does, so late bursts are rolled up.
 */
export async function recordProbes(reports: ProbeReport[], now = new Date()): Promise<RecordProbesResult> {
  const rejected: RecordProbesResult['rejected'] = []
  const good: { index: number; report: ProbeReport }[] = []
  reports.forEach((report, index) => {
    const reason = checkProbeReport(report, now)
    if (reason) rejected.push({ index, link_id: report?.linkId, reason })
    else good.push({ index, report })
  })
  if (good.length === 0) return { written: 0, duplicates: 0, rejected }
  const known = new Set<number>(
    (await db.from('links').whereIn('id', [...new Set(good.map((g) => g.report.linkId))]).select('id')).map((r) => Number(r.id))
  )
  const rows = good.filter((g) => {
    if (known.has(g.report.linkId)) return true
    rejected.push({ index: g.index, link_id: g.report.linkId, reason: 'unknown link' })
    return false
  })
  if (rows.length === 0) return { written: 0, duplicates: 0, rejected }
  const column = <T>(pick: (r: ProbeReport) => T) => rows.map((g) => pick(g.report))
  const result = await db.rawQuery(
    `INSERT INTO link_probes (at, link_id, sent, received, rtt_median, rtt_min, rtt_max, rtt_p10, rtt_p90, jitter)
     SELECT * FROM unnest(?::timestamptz[], ?::int[], ?::smallint[], ?::smallint[], ?::real[], ?::real[], ?::real[], ?::real[], ?::real[], ?::real[])
     ON CONFLICT (link_id, at) DO NOTHING`,
    [
      column((r) => new Date(r.startedAt).toISOString()),
      column((r) => r.linkId),
      column((r) => r.sent),
      column((r) => r.received),
      column((r) => r.rttMedianMs),
      column((r) => r.rttMinMs),
      column((r) => r.rttMaxMs),
      column((r) => r.rttP10Ms),
      column((r) => r.rttP90Ms),
      column((r) => r.jitterMs),
    ]
  )
  const oldest = Math.min(...rows.map((g) => g.report.startedAt))
  await db.rawQuery(`UPDATE link_sample_rollups SET rolled_to = LEAST(rolled_to, ?::timestamptz) WHERE resolution = '5m'`, [
    floorTo('5m', oldest).toISOString(),
  ])
  const written = result.rowCount ?? 0
  return { written, duplicates: rows.length - written, rejected }
}
