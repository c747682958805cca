import { DAY, HOUR, ceilTo, floorTo } from '#app/samples/buckets'
import { p95OfFiveMinuteSamples } from '#app/samples/percentile'
import { sampleStore } from '#app/samples/sample_store'
import type { Resolution, SeriesPoint } from '#app/samples/sample'

/** Each chart range and the resolution that gives it a few hundred points. */
export const TRAFFIC_RANGES = {
  '1h': { span: HOUR, resolution: 'raw' },
  '24h': { span: DAY, resolution: '5m' },
  '7d': { span: 7 * DAY, resolution: '1h' },
  '30d': { span: 30 * DAY, resolution: '1h' },
  '1y': { span: 365 * DAY, resolution: '1d' },
} as const satisfies Record<string, { span: number; resolution: Resolution }>
export type TrafficRange = keyof typeof TRAFFIC_RANGES

export const P95_METHOD =
  'nearest-rank 95th percentile of the 5-minute average rates in the range: sorted ascending, the top 5% (rounded down) dropped, the highest remaining sample reported'

export interface Traffic {
  link_id: number
  range: TrafficRange
  resolution: Resolution
  from: string
  to: string
  series: SeriesPoint[]
  p95_in: number | null
  p95_out: number | null
  p95_max: number | null
  p95_samples: number
  p95_method: string
  store: string
}

/**
 * A link's traffic over one of the chart ranges ending now. The series comes at the range's
 * resolution; the 95th percentiles always from the 5-minute samples whose bucket lies wholly
 * inside the range, whatever resolution the series uses.
 */
export async function linkTraffic(linkId: number, range: TrafficRange, now = new Date()): Promise<Traffic> {
  const { span, resolution } = TRAFFIC_RANGES[range]
  const to = now
  const from = new Date(now.getTime() - span)
  const store = await sampleStore()
  const seriesFrom = resolution === 'raw' ? from : floorTo(resolution, from)
  const [series, fiveMinute] = await Promise.all([
    store.series(linkId, resolution, seriesFrom, to),
    store.fiveMinuteSamples(linkId, ceilTo('5m', from), to),
  ])
  const p95 = p95OfFiveMinuteSamples(fiveMinute)
  return {
    link_id: linkId,
    range,
    resolution,
    from: from.toISOString(),
    to: to.toISOString(),
    series,
    p95_in: p95.p95_in,
    p95_out: p95.p95_out,
    p95_max: p95.p95_max,
    p95_samples: p95.samples,
    p95_method: P95_METHOD,
    store: store.kind,
  }
}
