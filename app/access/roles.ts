import { ROLES, type Role } from '#shared/roles'
import { REGISTRY, RESOURCES, type Resource } from '#app/resources'
import type { Rights } from '#app/core/registration'

/**
 * Who may do what. Each resource's row of the matrix is plain data written in its domain's
 * `*_resource.ts` (every role named, rights as letters) and gathered by the registry; the whole
 * table is written out again in tests/functional/access_matrix.spec.ts, which checks it against
 * what the API grants and refuses. Agency scope is applied on top of it (see scope.ts).
 */

export { ROLES, RESOURCES, type Role, type Resource }

export const ACTIONS = ['read', 'create', 'update', 'delete'] as const
export type Action = (typeof ACTIONS)[number]

const LETTER: Record<Action, string> = { read: 'r', create: 'c', update: 'u', delete: 'd' }

export const actionsOf = (rights: Rights): Action[] => ACTIONS.filter((action) => rights.includes(LETTER[action]))

/**
 * Built on first use, not when this module loads: the registry's definitions import code that
 * imports this module, so the registry may still be loading when this one is evaluated.
 */
type Matrix = Record<Role, Partial<Record<Resource, Action[]>>>
let matrix: Matrix | undefined
function grants(): Matrix {
  matrix ??= Object.fromEntries(
    ROLES.map((role) => [
      role,
      Object.fromEntries(REGISTRY.filter((r) => r.grants[role] !== '').map((r) => [r.name, actionsOf(r.grants[role])])),
    ])
  ) as Matrix
  return matrix
}

export function can(role: Role, resource: Resource, action: Action): boolean {
  return grants()[role]?.[resource]?.includes(action) ?? false
}

/** Everything a role may do, as the UI needs it to hide what would only be refused. */
export function permissionsOf(role: Role): Record<string, Action[]> {
  return Object.fromEntries(Object.entries(grants()[role] ?? {}).map(([resource, actions]) => [resource, [...actions!]]))
}
