import simpleRestProvider from 'ra-data-simple-rest'
import type { DataProvider, GetListParams, GetListResult, RaRecord } from 'react-admin'
import { API, httpClient } from './common/http'

/** Timestamp columns filtered by calendar day: the day's ends are taken in the user's zone. */
const TIMESTAMP_RANGES = new Set(['at', 'opened_at'])
const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The filter as the API wants it; the list and its CSV export must use the same one. */
export function apiFilter(filter: Record<string, unknown> = {}) {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '' || value === null) continue
    const range = key.match(/^(.+)_(gte|lte)$/)
    if (range && TIMESTAMP_RANGES.has(range[1]) && typeof value === 'string' && DAY.test(value)) {
      const local = new Date(`${value}T${range[2] === 'gte' ? '00:00:00.000' : '23:59:59.999'}`)
      out[key] = local.toISOString()
    } else {
      out[key] = value
    }
  }
  return out
}

export function exportUrl(resource: string, filter: Record<string, unknown>) {
  return `${API}/${resource}/export.csv?filter=${encodeURIComponent(JSON.stringify(apiFilter(filter)))}`
}

const base = simpleRestProvider(API, httpClient)

/**
 * A group's queue (GET /api/assignment_groups/:id/queue) is a list of incidents: a List of
 * incidents passes the group as `meta.queue`, and gets the queue's order and scope.
 */
async function queueOf<RecordType extends RaRecord>(group: string | number, params: GetListParams): Promise<GetListResult<RecordType>> {
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 }
  const query = new URLSearchParams({ range: JSON.stringify([(page - 1) * perPage, page * perPage - 1]) })
  if (params.sort?.field) query.set('sort', JSON.stringify([params.sort.field, params.sort.order]))
  const filter = apiFilter(params.filter)
  if (Object.keys(filter).length) query.set('filter', JSON.stringify(filter))
  const { json, headers } = await httpClient(`${API}/assignment_groups/${encodeURIComponent(group)}/queue?${query}`, { signal: params.signal })
  const rows = (json ?? []) as RecordType[]
  return { data: rows, total: Number(headers.get('x-total-count') ?? rows.length) }
}

export const dataProvider: DataProvider = {
  ...base,
  getList: (resource, params) =>
    resource === 'incidents' && params.meta?.queue !== undefined
      ? queueOf(params.meta.queue, params)
      : base.getList(resource, { ...params, filter: apiFilter(params.filter) }),
  getManyReference: (resource, params) =>
    base.getManyReference(resource, { ...params, filter: apiFilter(params.filter) }),
  // The API pages every list (25 rows unless told), so ask for as many rows as there are ids.
  getMany: async (resource, params) => {
    const ids = [...new Set(params.ids)]
    if (!ids.length) return { data: [] }
    const query = new URLSearchParams({
      filter: JSON.stringify({ id: ids }),
      range: JSON.stringify([0, ids.length - 1]),
    })
    const { json } = await httpClient(`${API}/${resource}?${query}`, { signal: params.signal })
    return { data: json }
  },
}
