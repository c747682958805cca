import type { LucidModel } from '@adonisjs/lucid/types/model'
import type { Role } from '#shared/roles'
import type { ResourceDefinition } from '#app/core/resource'

/**
 * What a domain hands the registry (app/resources.ts) for one resource: its name, its row of the
 * role matrix, and either a definition the generic routes serve or its own routes. Nothing here
 * registers anything: the registry is read by the routes, the role matrix, the API document and
 * the importer alike, and reading it must not start any of them.
 */

/**
 * One role's rights on one resource, in the letters the access tests use: r read, c create,
 * u update, d delete, always in that order ('' for none).
 */
export type Rights = `${'' | 'r'}${'' | 'c'}${'' | 'u'}${'' | 'd'}`

/** A resource's row of the role matrix: every role is named, so a new role cannot be forgotten. */
export type GrantRow = Record<Role, Rights>

interface Registered<N extends string> {
  name: N
  grants: GrantRow
}

/** A resource served by the generic list/show/create/update/delete/export routes (core/resource_routes.ts). */
export interface ServedResource<N extends string = string, M extends LucidModel = LucidModel> extends Registered<N> {
  definition: ResourceDefinition<M>
  /** Only list, show and export: its rows are written by the changes they record. */
  readOnly?: boolean
  /** Agencies hand its rows over as CSV files (app/imports). */
  importable?: boolean
}

/** A resource with routes of its own (the overview, imports, access tokens). */
export interface RoutedResource<N extends string = string> extends Registered<N> {
  /**
   * Registers the routes when called, by importing the module that declares them: the registry
   * is read by code that must not register routes (the role matrix, commands, unit tests).
   */
  routes: () => Promise<unknown>
}

export type Registration = ServedResource<string, any> | RoutedResource

/**
 * Declares a resource the generic routes serve. The name is given here and not again in the
 * definition, so the registry's names (and with them the `Resource` type) come from one place.
 */
export function served<const N extends string, M extends LucidModel>(
  name: N,
  options: { grants: GrantRow; readOnly?: boolean; importable?: boolean },
  definition: Omit<ResourceDefinition<M>, 'name'>
): ServedResource<N, M> {
  return { name, ...options, definition: { ...definition, name } as unknown as ResourceDefinition<M> }
}

export function routed<const N extends string>(name: N, options: { grants: GrantRow; routes: () => Promise<unknown> }): RoutedResource<N> {
  return { name, ...options }
}

export const isServed = (r: Registration): r is ServedResource<string, any> => 'definition' in r
