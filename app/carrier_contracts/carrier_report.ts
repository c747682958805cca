import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type User from '#app/access/user'
import { scopeCondition } from '#app/access/scope'
import { activeWindows } from '#app/maintenance/active_windows'
import { monthBounds } from '#app/reports/monthly_figures'
import {
  availabilityOf,
  judge,
  qualityOf,
  type Period,
  type ProbeBucket,
  type StateBucket,
} from '#app/carrier_contracts/delivered_figures'

/**
 * The carrier report: for one carrier and one Taipei month, every line it delivers in the
 * reader's agency scope, with what its contract promised and what the line delivered
 * (delivered_figures.ts), as the API answers it and as the CSV and the printable page show it.
 */

export interface CarrierReportLine {
  contract_id: number
  contract_ref: string
  link_id: number
  circuit_id: string
  link_name: string
  link_kind: 'legacy' | 'uplink'
  agency_id: number
  agency_code: string
  agency_name: string
  promised: { availability_pct: number; latency_ms: number; latency_percentile: 50 | 95 | 99; loss_pct: number }
  delivered: {
    availability_pct: number | null
    down_minutes: number
    measured_minutes: number
    scheduled_minutes: number
    maintenance_minutes: number
    coverage_pct: number | null
    latency_ms: number | null
    rtt_p50_ms: number | null
    rtt_p95_ms: number | null
    rtt_p99_ms: number | null
    probe_buckets: number
    loss_pct: number | null
    loss_p95_pct: number | null
  }
  verdict: { availability: Verdict; latency: Verdict; loss: Verdict; overall: Verdict }
}
type Verdict = 'met' | 'missed' | 'no_data'

export interface CarrierReport {
  carrier: string
  month: string
  from: string
  to: string
  generated_at: string
  lines: CarrierReportLine[]
  summary: { lines: number; met: number; missed: number; no_data: number }
}

/** The Taipei month before the one `now` falls in: the last whole month, what a carrier is billed for. */
export function lastFullMonth(now = new Date()) {
  return DateTime.fromJSDate(now, { zone: 'Asia/Taipei' }).startOf('month').minus({ months: 1 }).toFormat('yyyy-MM')
}

/** The carriers of the contracts in the reader's scope, for the report's choice of carrier. */
export async function carriersInScope(user: User): Promise<string[]> {
  const scope = scopeCondition(user, 'agency_id')
  const { rows } = await db.rawQuery(`SELECT DISTINCT carrier FROM carrier_contracts WHERE ${scope.sql} ORDER BY carrier`, scope.bindings)
  return rows.map((r: { carrier: string }) => r.carrier)
}

export async function carrierReport(user: User, carrier: string, month: string, now = new Date()): Promise<CarrierReport> {
  const { from, to } = monthBounds(month)
  const period: Period = { from, to }
  const scope = scopeCondition(user, 'c.agency_id')
  // Contracts in force on some day of the month (dates are Taipei calendar days).
  const firstDay = DateTime.fromJSDate(from, { zone: 'Asia/Taipei' }).toISODate()
  const lastDay = DateTime.fromJSDate(to, { zone: 'Asia/Taipei' }).minus({ days: 1 }).toISODate()
  const { rows: contracts } = await db.rawQuery(
    `SELECT c.id, c.contract_ref, c.link_id, c.availability_pct, c.latency_ms, c.latency_percentile, c.loss_pct,
            l.circuit_id, l.name AS link_name, l.kind AS link_kind, l.device_id, a.id AS agency_id, a.code AS agency_code,
            a.name AS agency_name, a.name_en AS agency_name_en
       FROM carrier_contracts c
       JOIN links l ON l.id = c.link_id
       JOIN agencies a ON a.id = c.agency_id
      WHERE c.carrier = ? AND (c.starts_on IS NULL OR c.starts_on <= ?::date) AND (c.ends_on IS NULL OR c.ends_on >= ?::date)
        AND ${scope.sql}
      ORDER BY a.code, l.circuit_id`,
    [carrier, lastDay, firstDay, ...scope.bindings]
  )
  const linkIds: number[] = contracts.map((c: { link_id: number }) => c.link_id)
  const deviceIds: number[] = [...new Set<number>(contracts.map((c: { device_id: number | null }) => c.device_id).filter((d: number | null) => d !== null))]

  const statesOf = new Map<number, StateBucket[]>()
  const probesOf = new Map<number, ProbeBucket[]>()
  if (linkIds.length) {
    // Buckets start on 5-minute marks, and a Taipei month starts on one: [from, to) holds the month's buckets.
    const range = [from.toISOString(), to.toISOString()]
    // One row per line with its buckets as arrays: a month of 5-minute rows is 8,640 per line,
    // and pg reads one array much faster than as many rows.
    const { rows: states } = await db.rawQuery(
      `SELECT link_id, array_agg(extract(epoch FROM bucket)::float8) AS at, array_agg(samples) AS samples, array_agg(down_samples) AS down
         FROM link_samples_5m WHERE link_id = ANY(?::int[]) AND bucket >= ? AND bucket < ? GROUP BY link_id`,
      [linkIds, ...range]
    )
    for (const s of states) {
      statesOf.set(s.link_id, s.at.map((at: number, i: number) => ({ bucket: new Date(at * 1000), samples: s.samples[i], downSamples: s.down[i] })))
    }
    const { rows: probes } = await db.rawQuery(
      `SELECT link_id, array_agg(extract(epoch FROM bucket)::float8) AS at, array_agg(sent) AS sent, array_agg(received) AS received,
              array_agg(rtt_median) AS rtt
         FROM link_probes_5m WHERE link_id = ANY(?::int[]) AND bucket >= ? AND bucket < ? GROUP BY link_id`,
      [linkIds, ...range]
    )
    for (const p of probes) {
      probesOf.set(
        p.link_id,
        p.at.map((at: number, i: number) => ({ bucket: new Date(at * 1000), sent: p.sent[i], received: p.received[i], rttMedian: p.rtt[i] }))
      )
    }
  }
  // A window silences a line when it names the line or the device the line is polled on.
  const windows = await activeWindows(linkIds, deviceIds, from, to)
  const windowsOf = (linkId: number, deviceId: number | null) =>
    windows
      .filter((w) => w.items.some((i) => (i.itemType === 'link' && i.itemId === linkId) || (i.itemType === 'device' && i.itemId === deviceId)))
      .map((w) => ({ from: w.startsAt, to: w.endsAt }))

  const english = user.locale !== 'zh-TW'
  const periodMinutes = (to.getTime() - from.getTime()) / 60_000
  const lines: CarrierReportLine[] = contracts.map((c: any) => {
    const promised = {
      availability_pct: Number(c.availability_pct),
      latency_ms: Number(c.latency_ms),
      latency_percentile: Number(c.latency_percentile) as 50 | 95 | 99,
      loss_pct: Number(c.loss_pct),
    }
    const excluded = windowsOf(c.link_id, c.device_id)
    const availability = availabilityOf(period, statesOf.get(c.link_id) ?? [], excluded)
    const quality = qualityOf(period, probesOf.get(c.link_id) ?? [], excluded)
    const judgement = judge(
      { availabilityPct: promised.availability_pct, latencyMs: promised.latency_ms, latencyPercentile: promised.latency_percentile, lossPct: promised.loss_pct },
      availability,
      quality
    )
    return {
      contract_id: c.id,
      contract_ref: c.contract_ref,
      link_id: c.link_id,
      circuit_id: c.circuit_id,
      link_name: c.link_name,
      link_kind: c.link_kind,
      agency_id: c.agency_id,
      agency_code: c.agency_code,
      agency_name: english && c.agency_name_en ? c.agency_name_en : c.agency_name,
      promised,
      delivered: {
        availability_pct: availability.availabilityPct,
        down_minutes: availability.downMinutes,
        measured_minutes: availability.measuredMinutes,
        scheduled_minutes: availability.scheduledMinutes,
        maintenance_minutes: Math.round((periodMinutes - availability.scheduledMinutes) * 10) / 10,
        coverage_pct: availability.coveragePct,
        latency_ms: judgement.latencyDeliveredMs,
        rtt_p50_ms: quality.rttP50,
        rtt_p95_ms: quality.rttP95,
        rtt_p99_ms: quality.rttP99,
        probe_buckets: quality.buckets,
        loss_pct: quality.lossPct,
        loss_p95_pct: quality.lossP95Pct,
      },
      verdict: { availability: judgement.availability, latency: judgement.latency, loss: judgement.loss, overall: judgement.overall },
    }
  })
  const tally = (v: Verdict) => lines.filter((l) => l.verdict.overall === v).length
  return {
    carrier,
    month,
    from: from.toISOString(),
    to: to.toISOString(),
    generated_at: now.toISOString(),
    lines,
    summary: { lines: lines.length, met: tally('met'), missed: tally('missed'), no_data: tally('no_data') },
  }
}
