import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { ForbiddenError } from '#app/core/errors'
import { message } from '#app/core/messages'

/**
 * A request that carries a bearer token is judged by the token alone; otherwise by the session
 * cookie. Never both, so a token request cannot ride on a browser's session (and its CSRF
 * exemption cannot be borrowed by one).
 */
export default class AuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const guard = ctx.request.header('authorization') ? 'api' : 'web'
    const user = await ctx.auth.authenticateUsing([guard])
    if (!user.active) throw new ForbiddenError(message('access.disabled'))
    return next()
  }
}
