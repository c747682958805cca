/**
 * The list conventions of react-admin's ra-data-simple-rest, parsed into plain data:
 *   GET /api/links?filter={"q":"台北","status":["active"]}&sort=["name","ASC"]&range=[0,24]
 * answered with a `Content-Range: links 0-24/17485` header. Filters on `field_gte`/`field_lte`
 * give ranges (dates, numbers); `q` is the full-text search over the resource's names.
 */
import { message, type Message } from '#app/core/messages'

export interface FilterSpec {
  /** Filterable fields and how a value is compared. */
  fields: Record<string, 'exact' | 'range' | 'text'>
  sortable: string[]
  defaultSort: [string, 'ASC' | 'DESC']
  /** Types of filtered fields that are not columns of the list's own table (a join's, say). */
  types?: Record<string, ColumnType>
}

/** What a filtered column holds, as PostgreSQL would cast a filter's value to it. */
export type ColumnType =
  | 'smallint' | 'integer' | 'bigint' | 'number' | 'boolean' | 'date' | 'timestamp' | 'inet' | 'uuid' | 'text'

const INTEGER_BOUNDS: Partial<Record<ColumnType, number>> = {
  smallint: 32767,
  integer: 2147483647,
  bigint: Number.MAX_SAFE_INTEGER,
}

export interface ListQuery {
  search: string[]
  equals: Array<{ field: string; values: Array<string | number | boolean | null> }>
  ranges: Array<{ field: string; op: '>=' | '<='; value: string | number }>
  contains: Array<{ field: string; value: string }>
  sort: { field: string; order: 'asc' | 'desc' }
  offset: number
  limit: number
}

export class ListQueryError extends Error {
  constructor(
    public field: string,
    public text: Message
  ) {
    super(text.in('en'))
  }
}

export const MAX_PAGE = 1000
/** Past this offset no list of ours has rows; PostgreSQL refuses offsets beyond a bigint. */
export const MAX_OFFSET = 2147483647

/**
 * A filter value as the column's type reads it, or an error naming the field: PostgreSQL would
 * refuse the cast (and the request would fail as a 500) rather than find nothing.
 */
export function typedValue(field: string, value: string | number | boolean, type: ColumnType | undefined) {
  const refuse = () => {
    throw new ListQueryError(field, message('list.value_type', { field, type: type ?? 'text' }))
  }
  const text = String(value)
  if (text.includes('\u0000')) refuse()
  switch (type) {
    case 'smallint':
    case 'integer':
    case 'bigint': {
      const n = typeof value === 'number' ? value : /^-?\d{1,20}$/.test(text) ? Number(text) : Number.NaN
      if (!Number.isInteger(n) || Math.abs(n) > INTEGER_BOUNDS[type]!) refuse()
      return n
    }
    case 'number': {
      const n = typeof value === 'number' ? value : text.trim() === '' ? Number.NaN : Number(text)
      if (!Number.isFinite(n)) refuse()
      return n
    }
    case 'boolean':
      if (value === true || text === 'true') return true
      if (value === false || text === 'false') return false
      return refuse()
    case 'date':
    case 'timestamp':
      // ISO 8601 only, the form the API answers with: anything else PostgreSQL reads by locale.
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/.test(text)) refuse()
      if (Number.isNaN(Date.parse(text.replace(' ', 'T')))) refuse()
      return text
    case 'inet':
      if (!/^[0-9a-fA-F.:]{2,39}(\/\d{1,3})?$/.test(text)) refuse()
      return text
    case 'uuid':
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) refuse()
      return text
    default:
      return text
  }
}

function parseJson(name: string, raw: unknown): unknown {
  if (raw === undefined || raw === null || raw === '') return undefined
  if (typeof raw !== 'string') return raw
  try {
    return JSON.parse(raw)
  } catch {
    throw new ListQueryError(name, message('list.not_json', { name }))
  }
}

/**
 * `columns` gives each filterable column's type (see core/column_types.ts); values are checked
 * and converted against it. Without it values pass as the client sent them.
 */
export function parseListQuery(
  params: Record<string, unknown>,
  spec: FilterSpec,
  columns: Record<string, ColumnType> = {}
): ListQuery {
  const filter = (parseJson('filter', params.filter) ?? {}) as Record<string, unknown>
  if (typeof filter !== 'object' || Array.isArray(filter)) {
    throw new ListQueryError('filter', message('list.filter_object'))
  }
  const query: ListQuery = {
    search: [],
    equals: [],
    ranges: [],
    contains: [],
    sort: { field: spec.defaultSort[0], order: spec.defaultSort[1] === 'DESC' ? 'desc' : 'asc' },
    offset: 0,
    limit: 25,
  }

  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '') continue
    if (key === 'q') {
      query.search = String(typedValue('q', String(value), 'text')).split(/\s+/).filter(Boolean).slice(0, 8)
      continue
    }
    const range = key.match(/^(.+)_(gte|lte)$/)
    if (range && spec.fields[range[1]] === 'range') {
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new ListQueryError(key, message('list.range_value', { field: key }))
      }
      const typed = typedValue(key, value, columns[range[1]]) as string | number
      query.ranges.push({ field: range[1], op: range[2] === 'gte' ? '>=' : '<=', value: typed })
      continue
    }
    const kind = key === 'id' ? 'exact' : spec.fields[key]
    if (!kind) throw new ListQueryError(key, message('list.cannot_filter', { field: key }))
    if (kind === 'text') {
      query.contains.push({ field: key, value: String(typedValue(key, String(value), 'text')) })
      continue
    }
    const values = Array.isArray(value) ? value : [value]
    for (const v of values) {
      if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
        throw new ListQueryError(key, message('list.scalar', { field: key }))
      }
    }
    const type = key === 'id' ? (columns.id ?? 'integer') : columns[key]
    query.equals.push({ field: key, values: values.map((v) => (v === null ? null : typedValue(key, v, type))) })
  }

  const sort = parseJson('sort', params.sort)
  if (sort !== undefined) {
    if (!Array.isArray(sort) || typeof sort[0] !== 'string') {
      throw new ListQueryError('sort', message('list.sort_shape'))
    }
    if (sort[0] !== 'id' && !spec.sortable.includes(sort[0])) {
      throw new ListQueryError('sort', message('list.cannot_sort', { field: sort[0] }))
    }
    query.sort = { field: sort[0], order: String(sort[1]).toUpperCase() === 'DESC' ? 'desc' : 'asc' }
  }

  const range = parseJson('range', params.range)
  if (range !== undefined) {
    if (
      !Array.isArray(range) ||
      range.length !== 2 ||
      !range.every((n) => Number.isInteger(n) && n >= 0 && n <= MAX_OFFSET) ||
      range[1] < range[0]
    ) {
      throw new ListQueryError('range', message('list.range_shape'))
    }
    query.offset = range[0]
    query.limit = Math.min(range[1] - range[0] + 1, MAX_PAGE)
  }
  return query
}

/** `Content-Range` as ra-data-simple-rest reads it. */
export function contentRange(resource: string, offset: number, count: number, total: number) {
  const last = count === 0 ? offset : offset + count - 1
  return `${resource} ${offset}-${last}/${total}`
}
