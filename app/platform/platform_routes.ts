import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { registry, queueDepth, slaAlarms } from '#app/platform/metrics'
import { slaAlarmCounts } from '#app/service_levels/sla_alarms'
import { queueCounts } from '#app/platform/queues'
import { flowExporterMetrics } from '#app/flow_exporters/exporter_metrics'
import { documentRoute, jsonAnswer, openApiDocument, record, t } from '#app/platform/openapi'
import { middleware } from '#start/kernel'

/** How long a part may take to answer before health calls it down (Redis queues commands while
 * it reconnects, so a dead Redis would otherwise hold the answer for many seconds). */
const PROBE_TIMEOUT_MS = 2000

async function probe(check: () => Promise<unknown>) {
  const started = Date.now()
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS)
      }),
    ])
    return { ok: true, ms: Date.now() - started }
  } catch (error) {
    return { ok: false, ms: Date.now() - started, error: (error as Error).message }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Health is the one answer without login: load balancers and the demo script poll it. It says
 * only whether the parts answer, nothing about the network being monitored. It is answered by
 * a server middleware (health_middleware.ts), ahead of the session, CSRF and auth middleware,
 * which need Redis: a health check that fails because Redis is down would say nothing.
 */
export async function healthAnswer() {
  const [database, cache] = await Promise.all([
    probe(() => db.rawQuery('SELECT 1')),
    probe(() => redis.ping()),
  ])
  const ready = database.ok && cache.ok
  return { status: ready ? 200 : 503, body: { status: ready ? 'ok' : 'degraded', database, redis: cache } }
}

router.get('/api/health', async ({ response }) => {
  const { status, body } = await healthAnswer()
  return response.status(status).send(body)
})

router
  .group(() => {
    router.get('/metrics', async ({ auth, response }) => {
      try {
        for (const [name, counts] of Object.entries(await queueCounts())) {
          for (const [state, n] of Object.entries(counts)) queueDepth.set({ queue: name, state }, n)
        }
      } catch {
        // Redis down: the health route says so; metrics still answer with what they have.
      }
      try {
        for (const { kind, clock, n } of await slaAlarmCounts()) slaAlarms.set({ kind, clock }, n)
      } catch {
        // The database down: likewise.
      }
      let flowExporters = ''
      try {
        flowExporters = await flowExporterMetrics(auth.user!)
      } catch {
        // Likewise.
      }
      response.header('Content-Type', registry.contentType)
      return (await registry.metrics()) + flowExporters
    })
    router.get('/api/openapi.json', () => openApiDocument())
  })
  .use(middleware.auth())

const probeAnswer = { type: 'object', required: ['ok', 'ms'], properties: { ok: t.boolean, ms: t.integer, error: t.string } }
const health = record({ status: { enum: ['ok', 'degraded'] }, database: probeAnswer, redis: probeAnswer })
documentRoute('get', '/api/health', {
  operationId: 'getHealth',
  summary: 'Readiness of the database and Redis (no login)',
  tags: ['platform'],
  security: [],
  responses: { 200: jsonAnswer('both answer', health), 503: jsonAnswer('the database or Redis does not answer', health) },
})
documentRoute('get', '/metrics', {
  operationId: 'getMetrics',
  summary: "Prometheus metrics: requests, latencies, queue depths, the flow exporters' counters within the reader's agency scope",
  tags: ['platform'],
  responses: { 200: { description: 'the Prometheus text format', content: { 'text/plain': { schema: t.string } } } },
  errors: { 403: false },
})
documentRoute('get', '/api/openapi.json', {
  operationId: 'getOpenApiDocument',
  summary: 'This document',
  tags: ['platform'],
  responses: { 200: jsonAnswer('the OpenAPI 3.1 document', { type: 'object', required: ['openapi', 'info', 'paths'], properties: { openapi: { const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' } } }) },
  errors: { 403: false },
})
