import { Exception } from '@adonisjs/core/exceptions'
import { textIn, type Text } from '#app/core/messages'

export interface ApiError {
  field?: string
  message: string
  rule?: string
}

/**
 * An error the API answers with its own status and `{errors: [...]}`, put into words in the
 * language of whoever reads it (see core/messages.ts). `message` is the English text, for logs.
 */
export class DomainError extends Exception {
  constructor(readonly text: Text) {
    super(textIn(text, 'en'))
  }

  errorsIn(locale: string | null | undefined): ApiError[] {
    return [{ message: textIn(this.text, locale) }]
  }
}

/** Outside the user's role or agency scope. */
export class ForbiddenError extends DomainError {
  static status = 403
  static code = 'E_FORBIDDEN'
}

/** No such record, or none the route knows by that name. */
export class NotFoundError extends DomainError {
  static status = 404
  static code = 'E_NOT_FOUND'
}

/** A request that is well-formed JSON but breaks a domain rule, reported like VineJS does. */
export class FieldError extends DomainError {
  static status = 422
  static code = 'E_VALIDATION_ERROR'
  constructor(
    public field: string,
    text: Text,
    public rule = 'domain'
  ) {
    super(text)
  }

  /** In English, as VineJS's errors list them. */
  get messages() {
    return this.errorsIn('en')
  }

  errorsIn(locale: string | null | undefined) {
    return [{ field: this.field, message: textIn(this.text, locale), rule: this.rule }]
  }
}
