import { Queue } from 'bullmq'
import type { QueueSite } from '#collectors/polling/wire'
import securityEventsConfig from '#config/security_events'
import { jobIdOf, type SecurityEventInput } from '#app/security/security_event'

/** The queue every producer of security events puts them on, and security:work takes them from. */
export const SECURITY_EVENT_QUEUE = 'security-events'

/** Waits twice as long after each failure, up to the cap (PostgreSQL back after an outage is found within it). */
export function securityRetryDelay(attemptsMade: number) {
  const c = securityEventsConfig
  return Math.min(c.retryBackoffCapMs, c.retryBackoffMs * 2 ** Math.max(0, attemptsMade - 1))
}

/**
 * One job per event, its id the digest of the event's key: the same event queued twice while
 * the first is still held is one job, and the worker's unique key catches the rest. Alerts
 * arrive already condensed (one per alert or detection, not per flow), so a job each is cheap.
 */
export function securityJob(event: SecurityEventInput) {
  return {
    name: event.origin,
    data: event,
    opts: {
      jobId: jobIdOf(event.key),
      attempts: securityEventsConfig.retryAttempts,
      backoff: { type: 'capped' },
      removeOnComplete: { count: 1000 },
      removeOnFail: false,
    },
  }
}

/** A producer's handle on the queue (the sensors' listener, the flow worker's detections). */
export class SecurityEventSender {
  readonly #queue: Queue
  queued = 0

  constructor(site: QueueSite) {
    this.#queue = new Queue(SECURITY_EVENT_QUEUE, { connection: site.connection, prefix: site.prefix })
  }

  async send(events: SecurityEventInput[]) {
    if (!events.length) return
    await this.#queue.addBulk(events.map(securityJob))
    this.queued += events.length
  }

  close() {
    return this.#queue.close()
  }
}
