/**
 * The consolidation programme's baselines and targets (優質網路政府計畫, Flagship 1), kept as
 * data so a revised plan is a one-line change. See shared/reference/gsn-programme.md.
 */
export const PROGRAMME_TARGETS = {
  data_centres: { baseline: 280, target: 80 },
  information_systems: { baseline: 4500, target: 675 },
  agency_lines: { baseline: 17485, target: 40 },
} as const

export type MeasureKey = keyof typeof PROGRAMME_TARGETS

/**
 * How far along the way from baseline to target a count is: 0 at the baseline, 1 at the
 * target, clamped, so that overshooting either way never reads as more than done or less
 * than nothing.
 */
export function progress(baseline: number, target: number, remaining: number) {
  if (baseline === target) return remaining <= target ? 1 : 0
  const p = (baseline - remaining) / (baseline - target)
  return Math.min(1, Math.max(0, p))
}

export function measure(key: MeasureKey, remaining: number) {
  const { baseline, target } = PROGRAMME_TARGETS[key]
  return { key, baseline, target, remaining, progress: progress(baseline, target, remaining) }
}
