import { Queue } from 'bullmq'
import queueConfig, { type QueueName } from '#config/queue'
import type { QueueSite } from '#collectors/polling/wire'

const queues = new Map<QueueName, Queue>()

/** One BullMQ Queue per name per process, created on first use. */
export function queue(name: QueueName): Queue {
  let q = queues.get(name)
  if (!q) {
    q = new Queue(name, { connection: queueConfig.connection, prefix: queueConfig.prefix })
    queues.set(name, q)
  }
  return q
}

export async function queueCounts() {
  const out: Record<string, Record<string, number>> = {}
  for (const name of queueConfig.queues) {
    out[name] = await queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')
  }
  return out
}

export async function closeQueues() {
  await Promise.all([...queues.values()].map((q) => q.close()))
  queues.clear()
}

/** The queues of this deployment (config/queue.ts): connection and key prefix. */
export function defaultSite(): QueueSite {
  const { maxRetriesPerRequest: _, ...connection } = queueConfig.connection
  return { connection: { ...connection, maxRetriesPerRequest: null }, prefix: queueConfig.prefix }
}
