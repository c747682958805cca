import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import type User from '#app/access/user'

/**
 * Agency scope: a user bound to an agency sees and changes only that agency and the agencies
 * below it. The subtree is a prefix match on agencies.path, so it stays one indexed query
 * however deep the hierarchy goes.
 */
export function subtreeQuery(agencyId: number): DatabaseQueryBuilderContract {
  return db
    .from('agencies')
    .select('id')
    .whereRaw(`path LIKE (SELECT path FROM agencies WHERE id = ?) || '%'`, [agencyId])
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
