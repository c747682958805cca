import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'

/**
 * The session and its CSRF protection (Shield), for browsers only. A request with a bearer
 * token is judged by the token alone (auth_middleware.ts) and never reads a session, yet each one
 * used to get a new session written to Redis, a CSRF secret, and two cookies signed and encrypted
 * for a client that throws them away: most of what a script's call cost beyond its SQL.
 * Shield's other headers are sent on every answer anyway (platform/security_headers_middleware.ts).
 */
@inject()
export default class BrowserSessionMiddleware {
  constructor(
    private readonly session: SessionMiddleware<any>,
    private readonly shield: ShieldMiddleware
  ) {}

  handle(ctx: HttpContext, next: NextFn) {
    // Logging in and out is what sessions are for, whatever else the request carries.
    const sessionRoute = ctx.route?.pattern.startsWith('/api/auth/') ?? false
    if (ctx.request.header('authorization') && !sessionRoute) return next()
    return this.session.handle(ctx, () => this.shield.handle(ctx, next))
  }
}
