import { Bouncer } from '@adonisjs/bouncer'
import type User from '#app/access/user'
import { can, type Action, type Resource } from '#app/access/roles'

/**
 * The one Bouncer ability routes ask: may this user do this action on this resource? The
 * answer comes from the role matrix in roles.ts; agency scope is checked per record by the
 * resource code, since it needs the record.
 */
export const act = Bouncer.ability((user: User, resource: Resource, action: Action) =>
  can(user.role, resource, action)
)
