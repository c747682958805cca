import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import type User from '#app/access/user'

/**
 * Agency scope: a user bound to an agency sees and changes only that agency and the agencies
 * below it. The subtree is a prefix match on agencies.path, so it stays one indexed query
 * however deep the hierarchy goes.
 */
export function subtreeQuery(agencyId: number): DatabaseQueryBuilderContract {
  return db.from('agencies').select('id').whereRaw(SUBTREE_CONDITION, [agencyId])
}

const SUBTREE_CONDITION = `path LIKE (SELECT path FROM agencies WHERE id = ?) || '%'`

/** The same subtree as SQL text with one binding (the agency id), for raw joins and queries. */
export const SUBTREE_SQL = `SELECT id FROM agencies WHERE ${SUBTREE_CONDITION}`

/**
 * The path a user's scope covers ("/1/7/"), for matching events in memory; null for national
 * users. An agency that vanished scopes to nothing rather than to everything.
 */
export async function scopePathOf(user: User): Promise<string | null> {
  if (user.isNational) return null
  const agency = await db.from('agencies').where('id', user.agencyId!).select('path').first()
  return agency?.path ?? '/none/'
}

export async function isInScope(user: User, agencyId: number | null | undefined) {
  if (user.isNational) return true
  if (agencyId === null || agencyId === undefined) return false
  const row = await subtreeQuery(user.agencyId!).where('id', agencyId).first()
  return Boolean(row)
}

export function pathOf(parentPath: string | null, id: number) {
  return `${parentPath ?? '/'}${id}/`
}

/**
 * Inventory a writer may name from their own records (a system's data centre, an incident's
 * items, a data centre it is consolidated into) only inside their agency scope: naming another
 * agency's record would tie it to theirs, and the answer would tell that it exists. Agencies
 * are left out: every agency's name and place in the hierarchy is the programme's public list,
 * and writing under one outside the scope is refused on its own (403).
 */
export const AGENCY_SCOPED_TABLES: ReadonlySet<string> = new Set(['data_centres', 'information_systems', 'devices', 'links'])

/** Narrows a query on `table` to the rows `user` may refer to. */
export function limitToReferable<Q extends { whereIn(column: string, values: any): Q }>(query: Q, user: User | null | undefined, table: string): Q {
  if (user && !user.isNational && AGENCY_SCOPED_TABLES.has(table)) query.whereIn('agency_id', subtreeQuery(user.agencyId!))
  return query
}
