/**
 * Puts flow batches on the 'flows' queue for the storing worker. Adding a job is the only thing
 * intake waits for, and only in the background: the socket keeps being read while Redis answers.
 * When Redis is away, batches wait in this process's memory (ioredis' offline queue) and are
 * sent when it is back; they are lost only if this process dies meanwhile.
 */
import { hostname } from 'node:os'
import { Queue, type JobsOptions } from 'bullmq'
import { encodeBatch, FLOW_BATCH_JOB, FLOW_QUEUE, type FlowBatch } from './flow_batch.js'
import type { FlowRecord } from './flow_record.js'
import type { QueueSite } from '../polling/wire.js'

export interface BatchSenderCounters {
  batches: number
  flows: number
  /** Batches Redis refused; their flows are counted here and reported, never silently gone. */
  failedBatches: number
  failedFlows: number
}

export class BatchSender {
  readonly queue: Queue<FlowBatch>
  readonly source: FlowBatch['source']
  readonly counters: BatchSenderCounters = { batches: 0, flows: 0, failedBatches: 0, failedFlows: 0 }
  readonly #identity: string
  readonly #jobOptions: (batch: FlowBatch) => JobsOptions
  readonly #onError: (error: Error, flows: number) => void
  #sequence = 0
  #pending = new Set<Promise<void>>()

  constructor(
    site: QueueSite,
    options: { source: FlowBatch['source']; jobOptions: (batch: FlowBatch) => JobsOptions; onError?: (error: Error, flows: number) => void }
  ) {
    this.queue = new Queue<FlowBatch>(FLOW_QUEUE, { connection: site.connection, prefix: site.prefix })
    // A batch id must never come back, even after a restart: time and pid make it unique per host (BullMQ refuses ":" in job ids).
    this.#identity = `${options.source}-${hostname()}-${process.pid}-${Date.now().toString(36)}`
    this.#jobOptions = options.jobOptions
    this.#onError = options.onError ?? (() => {})
    this.source = options.source
  }

  /** Hands a batch on without waiting for Redis. */
  send(flows: FlowRecord[]) {
    if (flows.length === 0) return
    const batch = encodeBatch(`${this.#identity}-${++this.#sequence}`, this.source, flows)
    const adding = this.queue
      .add(FLOW_BATCH_JOB, batch, this.#jobOptions(batch))
      .then(() => {
        this.counters.batches++
        this.counters.flows += flows.length
      })
      .catch((error: Error) => {
        this.counters.failedBatches++
        this.counters.failedFlows += flows.length
        this.#onError(error, flows.length)
      })
      .finally(() => this.#pending.delete(adding))
    this.#pending.add(adding)
  }

  /** Batches handed on but not yet in Redis. */
  get inFlight() {
    return this.#pending.size
  }

  /** Waits until every batch handed on is in Redis (or refused), then closes the queue. */
  async close() {
    while (this.#pending.size > 0) await Promise.all([...this.#pending])
    await this.queue.close()
  }
}
