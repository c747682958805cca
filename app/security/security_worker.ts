import { Worker, type Job } from 'bullmq'
import type { QueueSite } from '#collectors/polling/wire'
import securityEventsConfig from '#config/security_events'
import flowsConfig from '#config/flows'
import { InventoryCache } from '#app/flows/inventory_cache'
import { SECURITY_EVENT_QUEUE, securityRetryDelay } from '#app/security/security_jobs'
import { fileSecurityEvent, type Outcome } from '#app/security/security_service'
import type { SecurityEventInput } from '#app/security/security_event'

/**
 * security:work's consumer: takes each event off the queue, places it from the inventory (the
 * flow worker's snapshot of devices, links and agency prefixes) and files it. A failure
 * (PostgreSQL away) throws and BullMQ keeps the job for a retry; a job whose worker died comes
 * back when its lock runs out, and the event's unique key makes the second filing a no-op.
 */
export function startSecurityWorker(site: QueueSite, options: { concurrency?: number; onFiled?: (outcome: Outcome['outcome']) => void } = {}) {
  const inventory = new InventoryCache(flowsConfig.inventoryCheckMs)
  const worker = new Worker<SecurityEventInput>(
    SECURITY_EVENT_QUEUE,
    async (job: Job<SecurityEventInput>) => {
      const filed = await fileSecurityEvent(job.data, await inventory.enricher())
      options.onFiled?.(filed.outcome)
      return { outcome: filed.outcome, incident_id: 'incidentId' in filed ? filed.incidentId : null }
    },
    {
      connection: site.connection,
      prefix: site.prefix,
      concurrency: options.concurrency ?? securityEventsConfig.concurrency,
      settings: { backoffStrategy: (attemptsMade: number) => securityRetryDelay(attemptsMade) },
    }
  )
  return { worker, inventory }
}
