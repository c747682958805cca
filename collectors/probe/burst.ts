/**
 * What one burst of echo probes says about a path, SmokePing's way: N probes, the round-trip
 * times of those answered, the median as "the" latency and the spread of the rest around it.
 * Pure arithmetic, no I/O, so the monitoring side can apply it to stored bursts as well.
 */

export interface BurstSummary {
  sent: number
  received: number
  /** Lost share, 0–1 (sent 0: null). */
  loss: number | null
  /** Round-trip times in ms over the answered probes; null when none answered. */
  rttMedianMs: number | null
  rttMinMs: number | null
  rttMaxMs: number | null
  /** Nearest-rank 10th and 90th percentiles: the band a SmokePing chart shades. */
  rttP10Ms: number | null
  rttP90Ms: number | null
  /**
   * Mean absolute difference between the RTTs of consecutive answered probes (in sending order):
   * the inter-packet delay variation of RFC 3393 as the RFC 3550 jitter estimate reads it,
   * without its 1/16 smoothing, which would make a burst's figure depend on the previous burst.
   */
  jitterMs: number | null
}

/** Nearest rank: the ceil(q·N)-th smallest, always a measured value. `sorted` is ascending. */
export function nearestRank(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)))
  return sorted[rank - 1]
}

/** The median of an ascending list: the middle value, or the mean of the two middle ones. */
export function median(sorted: readonly number[]): number | null {
  const n = sorted.length
  if (n === 0) return null
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

/** `rtts` in sending order, null for a probe that got no answer in time. */
export function summariseBurst(rtts: readonly (number | null)[]): BurstSummary {
  const answered = rtts.filter((r): r is number => r !== null && Number.isFinite(r))
  const sorted = [...answered].sort((a, b) => a - b)
  let jitter: number | null = null
  if (answered.length >= 2) {
    let total = 0
    for (let i = 1; i < answered.length; i++) total += Math.abs(answered[i] - answered[i - 1])
    jitter = total / (answered.length - 1)
  }
  return {
    sent: rtts.length,
    received: answered.length,
    loss: rtts.length === 0 ? null : (rtts.length - answered.length) / rtts.length,
    rttMedianMs: median(sorted),
    rttMinMs: sorted[0] ?? null,
    rttMaxMs: sorted.at(-1) ?? null,
    rttP10Ms: nearestRank(sorted, 0.1),
    rttP90Ms: nearestRank(sorted, 0.9),
    jitterMs: jitter,
  }
}
