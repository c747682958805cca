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

function parseJson(name: string, raw: unknown): unknown {
  if (raw === undefined || raw === null || raw === '') return undefined
  if (typeof raw !== 'string') return raw
  try {
    return JSON.parse(raw)
  } catch {
    throw new ListQueryError(name, message('list.not_json', { name }))
  }
}

export function parseListQuery(params: Record<string, unknown>, spec: FilterSpec): ListQuery {
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
      query.search = String(value).split(/\s+/).filter(Boolean).slice(0, 8)
      continue
    }
    const range = key.match(/^(.+)_(gte|lte)$/)
    if (range && spec.fields[range[1]] === 'range') {
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new ListQueryError(key, message('list.range_value', { field: key }))
      }
      query.ranges.push({ field: range[1], op: range[2] === 'gte' ? '>=' : '<=', value })
      continue
    }
    const kind = key === 'id' ? 'exact' : spec.fields[key]
    if (!kind) throw new ListQueryError(key, message('list.cannot_filter', { field: key }))
    if (kind === 'text') {
      query.contains.push({ field: key, value: String(value) })
      continue
    }
    const values = Array.isArray(value) ? value : [value]
    for (const v of values) {
      if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
        throw new ListQueryError(key, message('list.scalar', { field: key }))
      }
    }
    query.equals.push({ field: key, values: values as ListQuery['equals'][number]['values'] })
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
      !range.every((n) => Number.isInteger(n) && n >= 0) ||
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
