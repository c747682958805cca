import env from '#start/env'

/**
 * BullMQ queues: collectors put work and measurements here, workers take them.
 * Each queue name is a domain word; later issues add their consumers.
 */
export const queueConfig = {
  connection: {
    host: env.get('REDIS_HOST'),
    port: env.get('REDIS_PORT'),
    password: env.get('REDIS_PASSWORD') || undefined,
    db: env.get('REDIS_DB'),
    maxRetriesPerRequest: null,
  },
  prefix: env.get('QUEUE_PREFIX'),
  queues: ['snmp-poll', 'link-samples', 'notifications', 'imports', 'sla-clocks', 'security-events'] as const,
}

export type QueueName = (typeof queueConfig.queues)[number]
export default queueConfig
