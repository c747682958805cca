import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import type User from '#app/access/user'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'

type QueryClient = Pick<QueryClientContract | TransactionClientContract, 'from'>

/**
 * Agency scope: a user bound to an agency sees and changes only that agency and the agencies
 * below it. The subtree is a prefix match on agencies.path, so it stays one indexed query
 * however deep the hierarchy goes.
 */
export function subtreeQuery(agencyId: number, client: QueryClient = db): DatabaseQueryBuilderContract {
  return client.from('agencies').select('id').whereRaw(SUBTREE_CONDITION, [agencyId])
}

const SUBTREE_CONDITION = `path LIKE (SELECT path FROM agencies WHERE id = ?) || '%'`

const SUBTREE_SQL = `SELECT id FROM agencies WHERE ${SUBTREE_CONDITION}`

type Scopable<Q> = { whereIn(column: string, values: any): Q; whereRaw(sql: string): Q }

/**
 * Every query that shows rows by agency goes through here (or scopeCondition for raw SQL), so
 * no route can forget the scope. `column` names the row's agency, from code, never from a
 * request; null marks national records (the audit log), which a user bound to an agency never
 * sees. National users are not narrowed.
 */
export function scopeQuery<Q extends Scopable<Q>>(query: Q, user: User, column: string | null): Q {
  if (user.isNational) return query
  if (column === null) return query.whereRaw('false')
  return query.whereIn(column, subtreeQuery(user.agencyId!))
}

/**
 * The same scope for raw SQL: a condition to place in a WHERE or a CASE, and the values its
 * placeholders take, in order. `true` with no values for national users.
 */
export function scopeCondition(user: User, column: string): { sql: string; bindings: number[] } {
  if (user.isNational) return { sql: 'true', bindings: [] }
  return { sql: `${column} IN (${SUBTREE_SQL})`, bindings: [user.agencyId!] }
}

/**
 * The path a user's scope covers ("/1/7/"), for matching events in memory; null for national
 * users. An agency that vanished scopes to nothing rather than to everything.
 */
export async function scopePathOf(user: User): Promise<string | null> {
  if (user.isNational) return null
  const agency = await db.from('agencies').where('id', user.agencyId!).select('path').first()
  return agency?.path ?? '/none/'
}

/** The ids of the agencies in a user's scope, for checking rows in memory; null for national users. */
export async function agencyIdsInScope(user: User): Promise<Set<number> | null> {
  if (user.isNational) return null
  const rows = await subtreeQuery(user.agencyId!)
  return new Set(rows.map((r) => Number(r.id)))
}

/** Whether the user's scope holds the agency; `client` reads inside a transaction that is still writing. */
export async function isInScope(user: User, agencyId: number | null | undefined, client: QueryClient = db) {
  if (user.isNational) return true
  if (agencyId === null || agencyId === undefined) return false
  const row = await subtreeQuery(user.agencyId!, client).where('id', agencyId).first()
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
export function limitToReferable<Q extends Scopable<Q>>(query: Q, user: User | null | undefined, table: string): Q {
  if (user && AGENCY_SCOPED_TABLES.has(table)) scopeQuery(query, user, 'agency_id')
  return query
}

/**
 * The inverse question, for raw SQL over users: a condition that holds for the users whose
 * scope covers the agency `agencyId` (national users, and those bound to it or an agency above
 * it). `userAgencyColumn` names the user's agency column, from code.
 */
export function scopeHoldsCondition(userAgencyColumn: string, agencyId: number): { sql: string; bindings: number[] } {
  return {
    sql: `(${userAgencyColumn} IS NULL OR (SELECT path FROM agencies WHERE id = ?) LIKE (SELECT path FROM agencies WHERE id = ${userAgencyColumn}) || '%')`,
    bindings: [agencyId],
  }
}
