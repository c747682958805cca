import db from '@adonisjs/lucid/services/db'
import type { LinkKind } from '#app/monitoring/link_health/link_state'
import { DEFAULT_QUALITY_POLICIES, type QualityPolicy } from '#app/line_quality/quality_rules'

/** How long the monitoring worker keeps the thresholds it read: an administrator's edit counts within a minute. */
const KEPT_MS = 60_000

let kept: { at: number; policies: Record<LinkKind, QualityPolicy> } | null = null

/** The thresholds per link class as line_quality_policies holds them; a class without a row keeps the defaults. */
export async function qualityPolicies(now = Date.now()): Promise<Record<LinkKind, QualityPolicy>> {
  if (kept && now - kept.at < KEPT_MS) return kept.policies
  const policies = { ...DEFAULT_QUALITY_POLICIES }
  const rows = await db.from('line_quality_policies').select('link_kind', 'loss_degraded', 'loss_down', 'rtt_degraded_ms', 'jitter_degraded_ms')
  for (const r of rows) {
    policies[r.link_kind as LinkKind] = {
      lossDegraded: Number(r.loss_degraded),
      lossDown: Number(r.loss_down),
      rttDegradedMs: Number(r.rtt_degraded_ms),
      jitterDegradedMs: Number(r.jitter_degraded_ms),
    }
  }
  kept = { at: now, policies }
  return policies
}

/** Forgets the kept thresholds (after an edit, and between tests). */
export function forgetQualityPolicies() {
  kept = null
}
