import type { ApiClient } from '@japa/api-client'
import type { Role } from '#app/access/roles'
import type User from '#app/access/user'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'

/**
 * What the access matrix specs share: an admin to make the rows, and the role under test,
 * liaisons bound to the ministry the rows are made in, so scope never decides for them.
 */
export async function setting(role: Role) {
  const { ministry } = await makeAgencyTree()
  const admin = await makeUser('admin')
  const user = await makeUser(role, role === 'agency_liaison' ? ministry.id : null)
  return { ministry, admin, user }
}

/** A write as a person makes it: logged in, with the CSRF token. */
export const write = (client: ApiClient, user: User, method: 'post' | 'put' | 'patch' | 'delete', url: string) =>
  client[method](url).loginAs(user).withCsrfToken()
