import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { DomainError } from '#app/core/errors'
import { message, type Message } from '#app/core/messages'

/**
 * Every error leaves as JSON `{errors: [{field?, message, rule?}]}` with its HTTP status, its
 * messages in the language of the account that asked (English when nobody is logged in).
 * Nothing of the server's inside leaves with it, in development (which the demo runs) as in
 * production: no stack, no SQL, no file paths, no PostgreSQL detail naming rows. Those go to the
 * log, with the request id the answer carries so an operator can find them.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = false

  async handle(error: any, ctx: HttpContext) {
    ctx.request.request.headers.accept = 'application/json'
    const locale = ctx.auth?.user?.locale
    const say = (text: Message) => text.in(locale)
    if (error instanceof DomainError) {
      return ctx.response.status(error.status).send({ errors: error.errorsIn(locale) })
    }
    // Foreign keys that still point at a row make its deletion a conflict, not a crash.
    if (error?.code === '23503') {
      return ctx.response.status(409).send({ errors: [{ message: say(message('record.still_referred_to')) }] })
    }
    if (error?.code === '23505') {
      return ctx.response.status(422).send({ errors: [{ message: say(message('record.already_exists')) }] })
    }
    // PostgreSQL refused a value (class 22: a malformed number, date or text, a NUL character,
    // a number out of range): the client's input, where a check before the query missed it.
    if (typeof error?.code === 'string' && /^22[0-9A-Z]{3}$/.test(error.code) && error.severity) {
      return ctx.response.status(422).send({ errors: [{ message: say(message('record.value_refused')), rule: 'value' }] })
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
    const status = Number(error?.status)
    if (Number.isInteger(status) && status >= 400 && status < 500) {
      // The framework's own client errors (an unknown route, a body too large): their words are
      // the framework's and hold nothing of ours; validation and auth errors render themselves.
      if (typeof error.handle === 'function' || error.code === 'E_VALIDATION_ERROR') return super.handle(error, ctx)
      return ctx.response.status(status).send({ errors: [{ message: String(error.message ?? '') }] })
    }
    return ctx.response.status(500).send({
      errors: [{ message: say(message('server.internal', { requestId: ctx.request.id() ?? '' })) }],
    })
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
