import type { FlowBatch } from '#collectors/flow/flow_batch'
import flowsConfig from '#config/flows'

/** Waits twice as long after each failure, up to the cap: storage back after an outage is found within the cap. */
export function retryDelay(attemptsMade: number) {
  return Math.min(flowsConfig.retryBackoffCapMs, flowsConfig.retryBackoffMs * 2 ** Math.max(0, attemptsMade - 1))
}

/** How the collector and the importer add a batch: retried with the capped back-off, kept in Redis until stored. */
export function batchJobOptions(batch: FlowBatch) {
  return {
    jobId: batch.id,
    attempts: flowsConfig.retryAttempts,
    backoff: { type: 'capped' },
    removeOnComplete: { count: 100 },
    removeOnFail: false,
  }
}
