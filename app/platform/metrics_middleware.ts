import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { httpLatency, httpRequests } from '#app/platform/metrics'

export default class MetricsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const started = process.hrtime.bigint()
    try {
      await next()
    } finally {
      // The route pattern, not the URL, so /api/links/1 and /api/links/2 share one series.
      const route = ctx.route?.pattern ?? (ctx.request.url().startsWith('/api') ? 'unmatched' : 'static')
      const method = ctx.request.method()
      httpRequests.inc({ method, route, status: String(ctx.response.getStatus()) })
      httpLatency.observe({ method, route }, Number(process.hrtime.bigint() - started) / 1e9)
    }
  }
}
