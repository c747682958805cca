import env from '#start/env'
import type { FlowStoreKind } from '#app/flows/flow_store_setting'

/**
 * Flow storage: how long raw flows and their minute aggregates are kept, where they are stored,
 * and how the collector batches them onto the queue. Read each time they are used, so a test
 * may change a value with overrideConfig (tests/support/config.ts).
 */
const flowsConfig = {
  /** Raw flows, in days; whole UTC days are dropped. */
  rawDays: Math.ceil(env.get('FLOWS_RAW_DAYS', 7)),
  /** Minute aggregates per link, agency pair, protocol and port, in days; whole UTC months are dropped. */
  minuteDays: Math.ceil(env.get('FLOWS_MINUTE_DAYS', 400)),
  /**
   * PostgreSQL unless set to elasticsearch; then ELASTICSEARCH_URL must name the cluster, or boot
   * stops (app/flows/flow_store_setting.ts). Flows are chosen separately from samples: a site may
   * keep samples in PostgreSQL and flows in a cluster.
   */
  store: env.get('FLOWS_STORE') ?? ('postgresql' as FlowStoreKind),
  elasticsearchUrl: env.get('ELASTICSEARCH_URL') || undefined,
  /** Elasticsearch index names start with this (flows-YYYY.MM.DD). */
  indexPrefix: 'gsn-flows',
  /** PostgreSQL's work_mem for one flow question (its hash of a day's addresses stays in memory). */
  queryWorkMem: env.get('FLOWS_QUERY_WORK_MEM', '32MB'),
  /** The collector puts this many flows in one queue job, or what it has after batchMs. */
  batchFlows: env.get('FLOWS_BATCH_FLOWS', 5000),
  batchMs: env.get('FLOWS_BATCH_MS', 500),
  /** How often the worker's inventory snapshot is compared with the tables (devices, links, prefixes). */
  inventoryCheckMs: 5000,
  /**
   * A job that failed (storage away) is retried, waiting twice as long each time up to the cap:
   * 1,000 tries at 10 s are more than two hours of outage before a batch is left in 'failed'.
   */
  retryAttempts: 1000,
  retryBackoffMs: 500,
  retryBackoffCapMs: 10_000,
}

export default flowsConfig
