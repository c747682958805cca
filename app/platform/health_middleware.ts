import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { healthAnswer } from '#app/platform/platform_routes'

/** GET /api/health, answered before any middleware that needs Redis (see platform_routes.ts). */
export default class HealthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.request.method() !== 'GET' || ctx.request.url() !== '/api/health') return next()
    const { status, body } = await healthAnswer()
    ctx.response.status(status).send(body)
  }
}
