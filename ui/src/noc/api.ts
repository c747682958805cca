import { useEffect } from 'react'
import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query'
import { useLogoutIfAccessDenied } from 'react-admin'
import { API, httpClient } from '../common/http'

/**
 * Reads of the monitoring endpoints that are not react-admin resources (the board, a link's
 * traffic and history, a device's status). They go through react-query like react-admin's own
 * reads, so the app bar's refresh button and loading indicator cover them too.
 */

export interface ListParams {
  filter?: Record<string, unknown>
  sort?: [string, 'ASC' | 'DESC']
  /** First and last row, both included, as ra-data-simple-rest sends them. */
  range?: [number, number]
}

function cleanFilter(filter: Record<string, unknown> = {}) {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== null && v !== ''))
}

export function listUrl(path: string, { filter, sort, range }: ListParams = {}) {
  const query = new URLSearchParams()
  const f = cleanFilter(filter)
  if (Object.keys(f).length) query.set('filter', JSON.stringify(f))
  if (sort) query.set('sort', JSON.stringify(sort))
  if (range) query.set('range', JSON.stringify(range))
  const qs = query.toString()
  return `${API}${path}${qs ? `?${qs}` : ''}`
}

/** `url` is under the API (`/links/1/traffic`) or already a full API path (from listUrl). */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const { json } = await httpClient(url.startsWith(`${API}/`) ? url : `${API}${url}`, { signal })
  return json as T
}

/** A page of a list and the total the Content-Range header gives. */
export async function getPage<T>(path: string, params: ListParams, signal?: AbortSignal) {
  const { json, headers } = await httpClient(listUrl(path, params), { signal })
  const total = Number(headers.get('Content-Range')?.split('/').pop() ?? (json as T[]).length)
  return { rows: json as T[], total: Number.isFinite(total) ? total : (json as T[]).length }
}

interface Options {
  enabled?: boolean
  /** The safety net under live updates: read again this often even when no event came. */
  refetchInterval?: number | false
  keepPrevious?: boolean
  /** Costly reads (an SNMP walk): only when asked, never again by themselves on focus or reconnection. */
  onDemand?: boolean
}

/**
 * useQuery for these reads. A lost session (401) logs the user out as react-admin's own reads
 * would; a refused read (403) and a missing record (404) are left to the page to show.
 */
export function useApiQuery<T>(key: QueryKey, read: (signal: AbortSignal) => Promise<T>, options: Options = {}) {
  const logoutIfAccessDenied = useLogoutIfAccessDenied()
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => read(signal),
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval ?? false,
    placeholderData: options.keepPrevious === false ? undefined : keepPreviousData,
    ...(options.onDemand ? { staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false } : {}),
    retry: (count, error: any) => count < 2 && !(error?.status >= 400 && error?.status < 500),
  })
  useEffect(() => {
    if (query.error) logoutIfAccessDenied(query.error)
  }, [query.error, logoutIfAccessDenied])
  return query
}
