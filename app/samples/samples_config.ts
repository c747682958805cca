/**
 * How long samples are kept and how late they may arrive. Read from the environment each time
 * so an operator's change needs no code, and tests can shorten them.
 */
function positive(name: string, fallback: number) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`)
  return value
}

export function samplesConfig() {
  return {
    /** Raw (per-poll) samples: SAMPLES_RAW_DAYS, default 7. Whole days are dropped. */
    rawDays: Math.ceil(positive('SAMPLES_RAW_DAYS', 7)),
    /** 5-minute, hourly and daily rollups: SAMPLES_ROLLUP_MONTHS, default 13. Whole months are dropped. */
    rollupMonths: Math.ceil(positive('SAMPLES_ROLLUP_MONTHS', 13)),
    /** A 5-minute bucket is rolled up this long after it closes, so a slow poll still lands in it. */
    graceSeconds: positive('SAMPLES_GRACE_SECONDS', 120),
    /** Samples stamped further ahead than this are refused: a device clock gone wrong. */
    maxFutureSeconds: 300,
  }
}
