import env from '#start/env'

/**
 * How long link samples are kept, how late they may arrive and where they are stored. Read each
 * time they are used, so a test may change a value with overrideConfig (tests/support/config.ts).
 */
const samplesConfig = {
  /** Raw (per-poll) samples, in days; whole days are dropped. */
  rawDays: Math.ceil(env.get('SAMPLES_RAW_DAYS', 7)),
  /** 5-minute, hourly and daily rollups, in months; whole months are dropped. */
  rollupMonths: Math.ceil(env.get('SAMPLES_ROLLUP_MONTHS', 13)),
  /** A 5-minute bucket is rolled up this long after it closes, so a slow poll still lands in it. */
  graceSeconds: env.get('SAMPLES_GRACE_SECONDS', 120),
  /** Samples stamped further ahead than this are refused: a device clock gone wrong. */
  maxFutureSeconds: 300,
  /** An Elasticsearch cluster to store samples in instead of PostgreSQL, for sites that run one. */
  elasticsearchUrl: env.get('ELASTICSEARCH_URL') || undefined,
}

export default samplesConfig
