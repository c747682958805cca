/**
 * A link's latency and loss as the API answers it (GET /api/links/:id/latency) and the link page
 * charts it, SmokePing's way: per point the bursts, their median, spread, loss and jitter.
 */
import type { Resolution } from './traffic.js'

export interface LatencyPoint {
  time: string
  bursts: number
  sent: number
  received: number
  /** Lost share 0–1 of every probe sent in the point; loss_max the worst burst's. */
  loss: number | null
  loss_max: number | null
  /** Milliseconds. */
  rtt_median: number | null
  rtt_min: number | null
  rtt_max: number | null
  rtt_p10: number | null
  rtt_p90: number | null
  jitter: number | null
}

/** The answer: the range's points, and over the whole range the probes sent, lost and the median of medians. */
export interface Latency<Range extends string = string> {
  link_id: number
  range: Range
  resolution: Resolution
  from: string
  to: string
  series: LatencyPoint[]
  sent: number
  loss: number | null
  rtt_median: number | null
}
