import type { LinkKind } from '#app/monitoring/link_health/link_state'

/**
 * What a burst of echo probes says about a line, by the thresholds of its class. Plain data and
 * functions: the monitoring side feeds them, the unit tests drive them.
 */

/** Thresholds of one link class (table line_quality_policies, edited by an administrator). */
export interface QualityPolicy {
  /** Loss share (0–1) at or above which the line is degraded. */
  lossDegraded: number
  /** Loss share at or above which it is down (1: every probe of the burst lost). */
  lossDown: number
  /** Median round trip (ms) strictly above which it is degraded. */
  rttDegradedMs: number
  /** Jitter (ms) strictly above which it is degraded. */
  jitterDegradedMs: number
}

/** The seeded rows of migration 0034, for a database that has none. */
export const DEFAULT_QUALITY_POLICIES: Record<LinkKind, QualityPolicy> = {
  uplink: { lossDegraded: 0.02, lossDown: 1, rttDegradedMs: 50, jitterDegradedMs: 20 },
  legacy: { lossDegraded: 0.05, lossDown: 1, rttDegradedMs: 150, jitterDegradedMs: 50 },
}

export interface BurstFigures {
  sent: number
  loss: number | null
  rttMedianMs: number | null
  jitterMs: number | null
}

/** A reason as a message key and parameters, worded when shown (shared/link_reasons.ts). */
export interface QualityReason {
  key: 'line_quality.loss_down' | 'line_quality.loss' | 'line_quality.rtt' | 'line_quality.jitter'
  params: Record<string, number>
}

export interface QualityVerdict {
  state: 'up' | 'degraded' | 'down' | 'unknown'
  /** Every threshold crossed, worst first; empty when up or unknown. */
  reasons: QualityReason[]
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places

export function judgeQuality(burst: BurstFigures, policy: QualityPolicy): QualityVerdict {
  if (burst.sent === 0 || burst.loss === null) return { state: 'unknown', reasons: [] }
  // Shares in percent with one decimal, as they are shown; thresholds as the policy says them.
  const lossPercent = round(burst.loss * 100, 1)
  if (burst.loss >= policy.lossDown) {
    return {
      state: 'down',
      reasons: [{ key: 'line_quality.loss_down', params: { loss: lossPercent, sent: burst.sent } }],
    }
  }
  const reasons: QualityReason[] = []
  if (burst.loss >= policy.lossDegraded) {
    reasons.push({ key: 'line_quality.loss', params: { loss: lossPercent, threshold: round(policy.lossDegraded * 100, 1) } })
  }
  if (burst.rttMedianMs !== null && burst.rttMedianMs > policy.rttDegradedMs) {
    reasons.push({ key: 'line_quality.rtt', params: { rtt: round(burst.rttMedianMs, 1), threshold: policy.rttDegradedMs } })
  }
  if (burst.jitterMs !== null && burst.jitterMs > policy.jitterDegradedMs) {
    reasons.push({ key: 'line_quality.jitter', params: { jitter: round(burst.jitterMs, 1), threshold: policy.jitterDegradedMs } })
  }
  return { state: reasons.length ? 'degraded' : 'up', reasons }
}
