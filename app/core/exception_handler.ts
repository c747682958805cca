import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { DomainError } from '#app/core/errors'
import { message, type Message } from '#app/core/messages'

/**
 * Every error leaves as JSON `{errors: [{field?, message, rule?}]}` with its HTTP status, its
 * messages in the language of the account that asked (English when nobody is logged in).
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction && !app.inTest

  async handle(error: any, ctx: HttpContext) {
    ctx.request.request.headers.accept = 'application/json'
    const locale = ctx.auth?.user?.locale
    const say = (text: Message) => text.in(locale)
    if (error instanceof DomainError) {
      return ctx.response.status(error.status).send({ errors: error.errorsIn(locale) })
    }
    // Foreign keys that still point at a row make its deletion a conflict, not a crash.
    if (error?.code === '23503') {
      return ctx.response.status(409).send({
        errors: [{ message: say(message('record.still_referred_to')), detail: error.detail }],
      })
    }
    if (error?.code === '23505') {
      return ctx.response.status(422).send({ errors: [{ message: say(message('record.already_exists')), detail: error.detail }] })
    }
    if (error?.code === 'E_ROW_NOT_FOUND') {
      return ctx.response.status(404).send({ errors: [{ message: say(message('record.missing')) }] })
    }
    if (error?.code === 'E_BAD_CSRF_TOKEN') {
      return ctx.response.status(403).send({ errors: [{ message: say(message('access.csrf')) }] })
    }
    if (error?.code === 'E_AUTHORIZATION_FAILURE') {
      return ctx.response.status(403).send({ errors: [{ message: say(authorizationMessage(error)) }] })
    }
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}

/** Bouncer denials name their message through the response's translation (see access/abilities.ts). */
function authorizationMessage(error: { response?: { translation?: { identifier: string; data?: any } } }) {
  const translation = error.response?.translation
  if (translation?.identifier === 'access.role_may_not') return message('access.role_may_not', translation.data)
  return message('access.denied')
}
