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

// Link monitoring pipeline: collector processes (collector:run) and monitoring workers
// (monitoring:work) count here; each process serves its own registry (--metrics-port).
export const snmpPolls = new client.Counter({
  name: 'gsn_snmp_polls_total',
  help: 'Device polls finished, by result: ok or the error kind (timeout, auth, unreachable, malformed, …)',
  labelNames: ['result'] as const,
  registers: [registry],
})

export const snmpPollLate = new client.Counter({
  name: 'gsn_snmp_poll_late_total',
  help: 'Scheduled polls taken later than the late threshold after their slot',
  registers: [registry],
})

export const snmpPollSkipped = new client.Counter({
  name: 'gsn_snmp_poll_skipped_total',
  help: 'Scheduled polls not made because the previous poll of the device was still running',
  registers: [registry],
})

export const snmpPollDuration = new client.Histogram({
  name: 'gsn_snmp_poll_duration_seconds',
  help: 'Time to poll one device, all its requests together',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
})

export const snmpPollLateness = new client.Histogram({
  name: 'gsn_snmp_poll_lateness_seconds',
  help: 'Time from a scheduled poll slot to a collector taking the job',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 30, 60],
  registers: [registry],
})

export const monitoringBatches = new client.Histogram({
  name: 'gsn_monitoring_batch_duration_seconds',
  help: 'Time to write one batch of poll reports (samples, device polls, link observations)',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
})

export const monitoringReports = new client.Counter({
  name: 'gsn_monitoring_reports_total',
  help: 'Poll reports taken off link-samples, by outcome (ok, failed, skipped, stale, invalid)',
  labelNames: ['outcome'] as const,
  registers: [registry],
})

export const snmpTraps = new client.Counter({
  name: 'gsn_snmp_traps_total',
  help: 'SNMP notifications received by kind (linkDown, linkUp, …, rejected, or dropped undecoded as a flood) and what was done (polled, ignored, unknown_device, or why refused)',
  labelNames: ['kind', 'action'] as const,
  registers: [registry],
})

export const slaAlarms = new client.Gauge({
  name: 'gsn_sla_alarms',
  help: 'SLA warnings (75% of a clock) and breaches given on incidents, by kind and clock (respond, resolve), and the legal clocks of security incidents (kind legal_warning, legal_breach; clock report, review, contain, investigation), as recorded on their timelines',
  labelNames: ['kind', 'clock'] as const,
  registers: [registry],
})
