import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { registry, queueDepth } from '#app/platform/metrics'
import { queueCounts } from '#app/platform/queues'
import { documentRoute, openApiDocument } from '#app/platform/openapi'
import { middleware } from '#start/kernel'

async function probe(check: () => Promise<unknown>) {
  const started = Date.now()
  try {
    await check()
    return { ok: true, ms: Date.now() - started }
  } catch (error) {
    return { ok: false, ms: Date.now() - started, error: (error as Error).message }
  }
}

/**
 * Health is the one route without login: load balancers and the demo script poll it. It says
 * only whether the parts answer, nothing about the network being monitored.
 */
router.get('/api/health', async ({ response }) => {
  const [database, cache] = await Promise.all([
    probe(() => db.rawQuery('SELECT 1')),
    probe(() => redis.ping()),
  ])
  const ready = database.ok && cache.ok
  return response.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'degraded', database, redis: cache })
})

router
  .group(() => {
    router.get('/metrics', async ({ response }) => {
      try {
        for (const [name, counts] of Object.entries(await queueCounts())) {
          for (const [state, n] of Object.entries(counts)) queueDepth.set({ queue: name, state }, n)
        }
      } catch {
        // Redis down: the health route says so; metrics still answer with what they have.
      }
      response.header('Content-Type', registry.contentType)
      return registry.metrics()
    })
    router.get('/api/openapi.json', () => openApiDocument())
  })
  .use(middleware.auth())

documentRoute('get', '/api/health', { summary: 'Readiness of the database and Redis (no login)', tags: ['platform'], security: [] })
documentRoute('get', '/metrics', { summary: 'Prometheus metrics: requests, latencies, queue depths', tags: ['platform'] })
documentRoute('get', '/api/openapi.json', { summary: 'This document', tags: ['platform'] })
