import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { FieldError } from '#app/core/errors'

/** Every error leaves as JSON `{errors: [{field?, message, rule?}]}` with its HTTP status. */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction && !app.inTest

  async handle(error: any, ctx: HttpContext) {
    ctx.request.request.headers.accept = 'application/json'
    if (error instanceof FieldError) {
      return ctx.response.status(422).send({ errors: error.messages })
    }
    // Foreign keys that still point at a row make its deletion a conflict, not a crash.
    if (error?.code === '23503') {
      return ctx.response.status(409).send({
        errors: [{ message: 'other records still refer to this one', detail: error.detail }],
      })
    }
    if (error?.code === '23505') {
      return ctx.response.status(422).send({ errors: [{ message: 'already exists', detail: error.detail }] })
    }
    if (error?.code === 'E_ROW_NOT_FOUND') {
      return ctx.response.status(404).send({ errors: [{ message: 'not found' }] })
    }
    if (error?.code === 'E_BAD_CSRF_TOKEN') {
      return ctx.response.status(403).send({ errors: [{ message: 'missing or invalid CSRF token (send X-XSRF-TOKEN)' }] })
    }
    if (error?.code === 'E_FORBIDDEN' || error?.code === 'E_AUTHORIZATION_FAILURE') {
      return ctx.response.status(403).send({ errors: [{ message: error.message }] })
    }
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
