import { AuthorizationResponse, Bouncer } from '@adonisjs/bouncer'
import type User from '#app/access/user'
import { can, type Action, type Resource } from '#app/access/roles'
import { message } from '#app/core/messages'

/**
 * The one Bouncer ability routes ask: may this user do this action on this resource? The
 * answer comes from the role matrix in roles.ts; agency scope is checked per record by the
 * resource code, since it needs the record. A refusal carries its message key, so the
 * exception handler words it in the user's language.
 */
export const act = Bouncer.ability((user: User, resource: Resource, action: Action) => {
  if (can(user.role, resource, action)) return true
  const refusal = message('access.role_may_not', { role: user.role, action, resource })
  return AuthorizationResponse.deny(refusal.in('en')).t(refusal.key, refusal.params[0])
})
