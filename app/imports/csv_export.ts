import db from '@adonisjs/lucid/services/db'
import { stringify } from 'csv-stringify/sync'
import type User from '#app/access/user'
import type { ListQuery } from '#app/core/list_query'
import { quoteFormula } from '#app/imports/spreadsheet_formulas'
import { applyListQuery, scoped, type ResourceDefinition } from '#app/core/resource'

/**
 * A resource's CSV file as its import reads it: the same columns, references written as natural
 * keys (agency_code, never agency_id), no database ids and no secrets, so what is exported can be
 * edited in a spreadsheet and imported again.
 */

export const EXPORT_PAGE = 2000

/** Rows naming another row of their own table come after those that do not, so the rows they name
 * are usually defined above them; the import also accepts forward references. */
function selfReferenceColumns(def: ResourceDefinition) {
  return Object.values(def.csvReferences ?? {})
    .filter((ref) => ref.table === def.model.table)
    .map((ref) => ref.column)
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return quoteFormula(JSON.stringify(value))
  return quoteFormula(String(value))
}

/** The header line, after the byte order mark that makes spreadsheet programs read UTF-8 (Chinese names). */
export function csvHeader(def: ResourceDefinition) {
  return '\uFEFF' + stringify([def.csvColumns])
}

/** The file, piece by piece: a header line, then one string per keyset page of rows. */
export async function* csvExport(def: ResourceDefinition, user: User, list: ListQuery): AsyncGenerator<string> {
  yield csvHeader(def)
  const selfRefs = selfReferenceColumns(def)
  const later = selfRefs.length ? `(${selfRefs.map((c) => `"${c}" IS NOT NULL`).join(' OR ')})` : null
  const references = Object.entries(def.csvReferences ?? {})
  const keyCache = new Map<string, Map<number, string>>()
  let last: { later: boolean; id: number } | null = null

  for (;;) {
    const query = applyListQuery(scoped(def.model.query(), def, user, 'export'), def, list)
    if (later) {
      if (last) query.whereRaw(`(${later}, id) > (?, ?)`, [last.later, last.id])
      query.orderByRaw(`${later} ASC, id ASC`)
    } else {
      if (last) query.where('id', '>', last.id)
      query.orderBy('id', 'asc')
    }
    const page = await query.limit(EXPORT_PAGE)
    if (!page.length) return
    const data = page.map((row) => row.serialize() as Record<string, unknown>)
    if (def.exportRows) await def.exportRows(data, user)

    // Natural keys of every row the page refers to: one query per referenced table.
    for (const [, ref] of references) {
      const cacheKey = `${ref.table}.${ref.key}`
      let keys = keyCache.get(cacheKey)
      if (!keys || keys.size > 100_000) keyCache.set(cacheKey, (keys = new Map()))
      const missing = [...new Set(data.map((d) => d[ref.column]).filter((v) => v !== null && v !== undefined))]
        .map(Number)
        .filter((id) => !keys!.has(id))
      if (missing.length) {
        const found = await db.from(ref.table).select('id', ref.key).whereIn('id', missing)
        for (const r of found) keys.set(Number(r.id), String(r[ref.key]))
      }
    }

    const records = data.map((d) =>
      def.csvColumns.map((column) => {
        const ref = def.csvReferences?.[column]
        if (ref) {
          const id = d[ref.column]
          return id === null || id === undefined ? '' : cell(keyCache.get(`${ref.table}.${ref.key}`)!.get(Number(id)))
        }
        // Columns a record does not serialise (sealed secrets, write-only fields) stay empty.
        return cell(d[column])
      })
    )
    yield stringify(records)

    if (page.length < EXPORT_PAGE) return
    const tail = data[data.length - 1]
    last = { later: selfRefs.some((c) => tail[c] !== null && tail[c] !== undefined), id: Number(tail.id) }
  }
}
