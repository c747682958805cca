/**
 * The 95th percentile as burstable (95/5) billing uses it: the nearest-rank method over the
 * 5-minute samples of a period. Sort the samples ascending and drop the top 5 % (rounded down):
 * what remains at the top is the answer. With N samples that is the sample of rank
 * ceil(0.95 × N) = N − floor(0.05 × N), counted from 1. A month of 8,640 samples drops its
 * 432 highest and reports the 8,208th; a day of 288 drops 14 and reports the 274th.
 *
 * The answer is always a measured sample, never an interpolation, and it must be taken over the
 * 5-minute samples themselves: a percentile of hourly or daily averages (the error reported in
 * LibreNMS issues #8890 and #15239) flattens exactly the bursts it is meant to bill.
 *
 * PostgreSQL's percentile_disc(0.95) picks the same sample (the first whose cumulative
 * position reaches 95 %), which is why the SQL rollups use it; tests hold the two together.
 */
export function nearestRankRank(count: number, percent = 95) {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`sample count must be a whole number, got ${count}`)
  if (!(percent > 0 && percent <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${percent}`)
  if (count === 0) return 0
  // count * percent is an exact integer for whole percents, and dividing two exact integers is
  // exact whenever the true quotient is whole, so no rounding error can move the rank.
  return Math.max(1, Math.ceil((count * percent) / 100))
}

/** Nearest-rank percentile of the values; null and NaN values (missed polls) are not samples. */
export function nearestRankPercentile(values: Iterable<number | null | undefined>, percent = 95): number | null {
  const samples: number[] = []
  for (const v of values) if (v !== null && v !== undefined && !Number.isNaN(v)) samples.push(v)
  if (samples.length === 0) return null
  samples.sort((a, b) => a - b)
  return samples[nearestRankRank(samples.length, percent) - 1]
}

/** A 5-minute sample: the average rates of one 5-minute bucket. */
export interface FiveMinuteSample {
  in_bps: number | null
  out_bps: number | null
}

/** The three billing figures of a period: in, out and the larger of the two per sample. */
export function p95OfFiveMinuteSamples(samples: FiveMinuteSample[]) {
  return {
    p95_in: nearestRankPercentile(samples.map((s) => s.in_bps)),
    p95_out: nearestRankPercentile(samples.map((s) => s.out_bps)),
    p95_max: nearestRankPercentile(samples.map((s) => peakOf(s.in_bps, s.out_bps))),
    samples: samples.length,
  }
}

/** max(in, out) of one sample; one direction missing leaves the other. */
export function peakOf(inBps: number | null, outBps: number | null) {
  if (inBps === null) return outBps
  if (outBps === null) return inBps
  return Math.max(inBps, outBps)
}
