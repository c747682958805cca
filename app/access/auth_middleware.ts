import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors as authErrors } from '@adonisjs/auth'
import { ForbiddenError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { isSessionEnded, sessionEpochOf } from '#app/access/session_validity'

/**
 * A request that carries a bearer token is judged by the token alone; otherwise by the session
 * cookie. Never both, so a token request cannot ride on a browser's session (and its CSRF
 * exemption cannot be borrowed by one). A session opened before the account's password changed
 * or before it was disabled, or one logged out, is refused as if there were none.
 */
export default class AuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const guard = ctx.request.header('authorization') ? 'api' : 'web'
    const user = await ctx.auth.authenticateUsing([guard])
    if (guard === 'web' && (sessionEpochOf(ctx) !== user.authEpoch || (await isSessionEnded(ctx.session.sessionId)))) {
      await ctx.auth.use('web').logout()
      throw new authErrors.E_UNAUTHORIZED_ACCESS('Unauthorized access', { guardDriverName: 'session' })
    }
    if (!user.active) throw new ForbiddenError(message('access.disabled'))
    return next()
  }
}
