import { nearestRankPercentile } from '#app/samples/percentile'

/**
 * What a line delivered in a month, set against its contract, as plain functions (the carrier
 * report reads the rows and hands them here). Every figure is over the month outside the link's
 * maintenance windows: work the carrier announced and we agreed to is not held against it.
 *
 * - Availability comes from the 5-minute sample rollups: a bucket's polls that saw the interface
 *   not up (`down_samples` of `samples`) are that share of its minutes down. Minutes without any
 *   poll (the device did not answer, the collector was stopped) are neither up nor down: the
 *   share is over the minutes measured, and `coverage` says how much of the month that was, so
 *   a carrier is not credited or blamed for our own blind spots.
 * - Latency and loss come from the 5-minute probe rollups: the round-trip percentiles are nearest
 *   rank over the 5-minute medians (the answer is always a measured value, as for the 95th
 *   percentile of traffic); loss is the lost share of every probe sent, leaving out the buckets
 *   in which nothing answered at all (the line was down: that is availability, not loss).
 */

const FIVE_MINUTES = 5 * 60_000
const MINUTE = 60_000

export interface Period {
  from: Date
  to: Date
}

/** One 5-minute row of link_samples_5m. */
export interface StateBucket {
  bucket: Date
  samples: number
  downSamples: number
}

/** One 5-minute row of link_probes_5m. */
export interface ProbeBucket {
  bucket: Date
  sent: number
  received: number
  rttMedian: number | null
}

export interface Availability {
  /** Minutes of the month outside maintenance windows. */
  scheduledMinutes: number
  /** Of those, minutes some poll measured. */
  measuredMinutes: number
  downMinutes: number
  /** Percent of measured minutes up, to 3 decimals; null when nothing was measured. */
  availabilityPct: number | null
  /** Measured share of scheduled minutes, percent to 1 decimal. */
  coveragePct: number | null
}

export interface Quality {
  /** 5-minute buckets with an answered probe, outside windows. */
  buckets: number
  rttP50: number | null
  rttP95: number | null
  rttP99: number | null
  /** Lost share of probes sent, percent to 3 decimals. */
  lossPct: number | null
  /** 95th percentile of the 5-minute loss shares, percent to 3 decimals. */
  lossP95Pct: number | null
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places

/** Windows cut to the period, sorted and merged, so overlapping windows count once. */
export function mergeWindows(windows: readonly Period[], period: Period): Period[] {
  const cut = windows
    .map((w) => ({ from: new Date(Math.max(w.from.getTime(), period.from.getTime())), to: new Date(Math.min(w.to.getTime(), period.to.getTime())) }))
    .filter((w) => w.to > w.from)
    .sort((a, b) => a.from.getTime() - b.from.getTime())
  const merged: Period[] = []
  for (const w of cut) {
    const last = merged[merged.length - 1]
    if (last && w.from <= last.to) {
      if (w.to > last.to) last.to = w.to
    } else {
      merged.push({ from: w.from, to: w.to })
    }
  }
  return merged
}

/** Milliseconds of [from, to) that no window covers (windows merged, as mergeWindows gives). */
function uncoveredMs(from: number, to: number, windows: readonly Period[]) {
  let total = to - from
  for (const w of windows) {
    const overlap = Math.min(to, w.to.getTime()) - Math.max(from, w.from.getTime())
    if (overlap > 0) total -= overlap
  }
  return Math.max(0, total)
}

export function availabilityOf(period: Period, states: readonly StateBucket[], windows: readonly Period[]): Availability {
  const merged = mergeWindows(windows, period)
  const from = period.from.getTime()
  const to = period.to.getTime()
  const scheduledMinutes = uncoveredMs(from, to, merged) / MINUTE
  let measured = 0
  let down = 0
  for (const s of states) {
    if (!(s.samples > 0)) continue
    const start = Math.max(from, s.bucket.getTime())
    const end = Math.min(to, s.bucket.getTime() + FIVE_MINUTES)
    if (end <= start) continue
    const minutes = uncoveredMs(start, end, merged) / MINUTE
    measured += minutes
    down += (minutes * Math.min(s.downSamples, s.samples)) / s.samples
  }
  return {
    scheduledMinutes: round(scheduledMinutes, 1),
    measuredMinutes: round(measured, 1),
    downMinutes: round(down, 1),
    availabilityPct: measured > 0 ? round(100 * (1 - down / measured), 3) : null,
    coveragePct: scheduledMinutes > 0 ? round((100 * measured) / scheduledMinutes, 1) : null,
  }
}

/** Whether a 5-minute bucket touches a window or lies outside the period. */
function leftOut(bucket: Date, period: Period, windows: readonly Period[]) {
  const start = bucket.getTime()
  const end = start + FIVE_MINUTES
  if (start < period.from.getTime() || start >= period.to.getTime()) return true
  return windows.some((w) => start < w.to.getTime() && w.from.getTime() < end)
}

export function qualityOf(period: Period, probes: readonly ProbeBucket[], windows: readonly Period[]): Quality {
  const merged = mergeWindows(windows, period)
  const kept = probes.filter((p) => p.sent > 0 && p.received > 0 && !leftOut(p.bucket, period, merged))
  const rtts = kept.map((p) => p.rttMedian)
  const sent = kept.reduce((n, p) => n + p.sent, 0)
  const lost = kept.reduce((n, p) => n + (p.sent - Math.min(p.received, p.sent)), 0)
  const lossP95 = nearestRankPercentile(kept.map((p) => (p.sent - Math.min(p.received, p.sent)) / p.sent), 95)
  const rtt = (percent: number) => {
    const value = nearestRankPercentile(rtts, percent)
    return value === null ? null : round(value, 2)
  }
  return {
    buckets: kept.length,
    rttP50: rtt(50),
    rttP95: rtt(95),
    rttP99: rtt(99),
    lossPct: sent > 0 ? round((100 * lost) / sent, 3) : null,
    lossP95Pct: lossP95 === null ? null : round(100 * lossP95, 3),
  }
}

export interface Promised {
  availabilityPct: number
  latencyMs: number
  latencyPercentile: 50 | 95 | 99
  lossPct: number
}

export type Verdict = 'met' | 'missed' | 'no_data'

export interface Judgement {
  availability: Verdict
  latency: Verdict
  loss: Verdict
  /** Missed when any figure missed; met when every figure was measured and met; else no_data. */
  overall: Verdict
  /** The delivered round trip at the contract's percentile. */
  latencyDeliveredMs: number | null
}

/** Sets what was delivered against what was promised; a figure with no data is neither met nor missed. */
export function judge(promised: Promised, availability: Availability, quality: Quality): Judgement {
  const latencyDeliveredMs = { 50: quality.rttP50, 95: quality.rttP95, 99: quality.rttP99 }[promised.latencyPercentile]
  const verdict = (value: number | null, ok: (v: number) => boolean): Verdict => (value === null ? 'no_data' : ok(value) ? 'met' : 'missed')
  const figures = {
    availability: verdict(availability.availabilityPct, (v) => v >= promised.availabilityPct),
    latency: verdict(latencyDeliveredMs, (v) => v <= promised.latencyMs),
    loss: verdict(quality.lossPct, (v) => v <= promised.lossPct),
  }
  const all = Object.values(figures)
  const overall: Verdict = all.includes('missed') ? 'missed' : all.every((v) => v === 'met') ? 'met' : 'no_data'
  return { ...figures, overall, latencyDeliveredMs }
}
