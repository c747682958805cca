import { Worker, type Job } from 'bullmq'
import { decodeBatch, FLOW_QUEUE, type FlowBatch } from '#collectors/flow/flow_batch'
import type { QueueSite } from '#collectors/polling/wire'
import flowsConfig from '#config/flows'
import { flowStore } from '#app/flows/flow_store'
import { InventoryCache } from '#app/flows/inventory_cache'
import { retryDelay } from '#app/flows/flow_jobs'
import { FlowDetections } from '#app/security/flow_detections'

export interface FlowWorkerStats {
  flows: number
  stored: number
  detections: number
}

/**
 * The storing side: takes batches from the 'flows' queue, places each flow in the inventory and
 * hands the batch to the configured store. A failure (PostgreSQL away) throws, and BullMQ keeps
 * the job and tries again later; a job whose worker died is taken again once its lock runs out.
 * The flows it stored then go through the detection rules (app/security/flow_detections.ts).
 */
export function startFlowWorker(site: QueueSite, options: { concurrency?: number; onBatch?: (stats: FlowWorkerStats) => void } = {}) {
  const inventory = new InventoryCache(flowsConfig.inventoryCheckMs)
  const detections = new FlowDetections(site)
  let placedBy: unknown = null
  const worker = new Worker<FlowBatch>(
    FLOW_QUEUE,
    async (job: Job<FlowBatch>) => {
      const enricher = await inventory.enricher()
      const flows = decodeBatch(job.data).map((f) => Object.assign(f, enricher.place(f)))
      const store = await flowStore()
      const stored = await store.write(job.data.id, flows)
      // A batch stored before (delivered again) was seen by the rules then.
      const detected = stored > 0 ? await detections.observe(flows, enricher !== placedBy) : 0
      placedBy = enricher
      options.onBatch?.({ flows: flows.length, stored, detections: detected })
      return { flows: flows.length, stored, detections: detected }
    },
    {
      connection: site.connection,
      prefix: site.prefix,
      concurrency: options.concurrency ?? 2,
      settings: { backoffStrategy: (attemptsMade: number) => retryDelay(attemptsMade) },
    }
  )
  worker.on('closed', () => void detections.close())
  return { worker, inventory, detections }
}
