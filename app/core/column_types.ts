import db from '@adonisjs/lucid/services/db'
import type { ColumnType } from '#app/core/list_query'

/**
 * The type of each column of a table, read once from PostgreSQL's own catalogue, so a list
 * filter is checked against what the column really holds (an agency_id of "abc" is a 422 naming
 * the field, not a failed cast and a 500) without every resource declaring its types again.
 */
const cache = new Map<string, Promise<Record<string, ColumnType>>>()

const BY_POSTGRES_TYPE: Record<string, ColumnType> = {
  smallint: 'smallint',
  integer: 'integer',
  bigint: 'bigint',
  numeric: 'number',
  real: 'number',
  'double precision': 'number',
  boolean: 'boolean',
  date: 'date',
  'timestamp with time zone': 'timestamp',
  'timestamp without time zone': 'timestamp',
  inet: 'inet',
  uuid: 'uuid',
}

export function columnTypesOf(table: string): Promise<Record<string, ColumnType>> {
  let types = cache.get(table)
  if (!types) {
    types = db
      .from('information_schema.columns')
      .where('table_schema', db.raw('current_schema()'))
      .where('table_name', table)
      .select('column_name', 'data_type')
      .then((rows) => Object.fromEntries(rows.map((r) => [r.column_name, BY_POSTGRES_TYPE[r.data_type] ?? 'text'])))
    types.catch(() => cache.delete(table))
    cache.set(table, types)
  }
  return types
}
