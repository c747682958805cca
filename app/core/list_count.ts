import db from '@adonisjs/lucid/services/db'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'

/** Matches counted exactly, at most; past it the total is PostgreSQL's estimate. */
export const EXACT_COUNT_CAP = 10_000
/** A whole table this big is not counted but read from the statistics (pg_class.reltuples). */
export const ESTIMATE_TABLES_FROM = 100_000

/** How long a table's size from the statistics is taken as it is: they change with autovacuum, not per row. */
const TABLE_SIZE_FOR_MS = 10_000
const tableSizes = new Map<string, { rows: number; until: number }>()

/** The table's rows as the statistics last counted them (-1 when never analysed). */
async function tableSize(table: string) {
  const known = tableSizes.get(table)
  if (known && known.until > Date.now()) return known.rows
  const { rows } = await db.rawQuery('SELECT reltuples::bigint AS n FROM pg_class WHERE oid = to_regclass(?)', [table])
  const size = rows.length ? Number(rows[0].n) : -1
  tableSizes.set(table, { rows: size, until: Date.now() + TABLE_SIZE_FOR_MS })
  return size
}

/**
 * The total a list's Content-Range reports. react-admin needs a number there to draw its
 * pagination ("1–25 of N" and the page links), not an exact one in the hundreds of thousands;
 * PostgreSQL has no cheap count(*), and counting a million incidents for every page of 25 cost
 * more than the page itself (~0.5 s of a core). So:
 *  - a whole table (no filter, no agency scope) is counted exactly while it is small, and past
 *    ESTIMATE_TABLES_FROM rows its size comes from the statistics autovacuum keeps;
 *  - a filtered or scoped list counts at most EXACT_COUNT_CAP + 1 matches: exact up to the cap,
 *    beyond it the planner's estimate of the whole selection (never less than the cap + 1).
 */
export async function countList(base: () => ModelQueryBuilderContract<any> | DatabaseQueryBuilderContract<any>, table: string, wholeTable: boolean) {
  if (wholeTable) {
    const statistics = await tableSize(table)
    if (statistics >= ESTIMATE_TABLES_FROM) return statistics
    const [{ total }] = (await base().count('* as total')) as Array<{ total: string }>
    return Number(total)
  }
  const [{ total }] = await db
    .query()
    .from(base().select(db.raw('1')).limit(EXACT_COUNT_CAP + 1).as('capped'))
    .count('* as total')
  if (Number(total) <= EXACT_COUNT_CAP) return Number(total)
  const { sql, bindings } = base().toSQL()
  const { rows } = await db.rawQuery(`EXPLAIN (FORMAT JSON) ${sql}`, bindings as any[])
  return Math.max(Math.round(rows[0]['QUERY PLAN'][0].Plan['Plan Rows']), EXACT_COUNT_CAP + 1)
}
