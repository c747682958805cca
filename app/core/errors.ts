import { Exception } from '@adonisjs/core/exceptions'

/** Outside the user's role or agency scope. */
export class ForbiddenError extends Exception {
  static status = 403
  static code = 'E_FORBIDDEN'
}

/** A request that is well-formed JSON but breaks a domain rule, reported like VineJS does. */
export class FieldError extends Exception {
  static status = 422
  static code = 'E_VALIDATION_ERROR'
  constructor(
    public field: string,
    message: string,
    public rule = 'domain'
  ) {
    super(message)
  }
  get messages() {
    return [{ field: this.field, message: this.message, rule: this.rule }]
  }
}
