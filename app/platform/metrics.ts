import client from 'prom-client'

/**
 * One Prometheus registry for the process. Collectors and workers register their own
 * series here in later issues; the API adds request counts and latencies.
 */
export const registry = new client.Registry()
client.collectDefaultMetrics({ register: registry, prefix: 'gsn_' })

export const httpRequests = new client.Counter({
  name: 'gsn_http_requests_total',
  help: 'HTTP requests answered, by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
})

export const httpLatency = new client.Histogram({
  name: 'gsn_http_request_duration_seconds',
  help: 'HTTP request latency by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
})

export const queueDepth = new client.Gauge({
  name: 'gsn_queue_jobs',
  help: 'BullMQ jobs by queue and state',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
})
