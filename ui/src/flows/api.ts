import { useMemo } from 'react'
import { useGetMany, useLocaleState } from 'react-admin'
import { getJson, useApiQuery } from '../noc/api'
import { API } from '../common/http'
import type { MatrixRow } from './matrix'
import type { FlowRow, PortRow, ProtocolRow, Talker, Totals } from '../../../shared/flows'

/** The flows API's answers (GET /api/flows/*), as the server documents them in its OpenAPI. */

export type SeriesRow = Totals & { time: string; bps: number }
export type { FlowRow, MatrixRow, PortRow, ProtocolRow, Talker, Totals }

export interface Envelope<R> {
  from: string
  to: string
  store: 'postgresql' | 'elasticsearch'
  /** Minute aggregates answered, or the raw flows. */
  source: 'minutes' | 'raw'
  rows: R
  step?: number
  limit?: number
  offset?: number
}

/** One flows route with a query string from criteria.ts's flowQuery. */
export function useFlows<R>(route: string, query: string, options: { enabled?: boolean; refetchInterval?: number } = {}) {
  return useApiQuery<Envelope<R>>(['flows', route, query], (signal) => getJson<Envelope<R>>(`/flows/${route}?${query}`, signal), options)
}

export const exportUrl = (query: string) => `${API}/flows/export.csv?${query}`

interface Agency {
  id: number
  name: string
  name_en: string | null
  code: string
}
interface Link {
  id: number
  circuit_id: string
  name: string
}

/**
 * Names for the ids an answer carries (the flows API gives ids only). An id the reader may not
 * read (the far end of a flow, in another agency) gets no name: the caller shows the id.
 */
export function useAgencyNames(ids: Array<number | null | undefined>) {
  const [locale] = useLocaleState()
  const wanted = useMemo(() => [...new Set(ids.filter((id): id is number => typeof id === 'number'))].sort((a, b) => a - b), [ids])
  const { data } = useGetMany<Agency>('agencies', { ids: wanted }, { enabled: wanted.length > 0 })
  return useMemo(() => {
    const names = new Map<number, string>()
    for (const a of data ?? []) names.set(Number(a.id), locale === 'zh-TW' ? a.name : a.name_en || a.name)
    return names
  }, [data, locale])
}

export function useLinkNames(ids: Array<number | null | undefined>) {
  const wanted = useMemo(() => [...new Set(ids.filter((id): id is number => typeof id === 'number'))].sort((a, b) => a - b), [ids])
  const { data } = useGetMany<Link>('links', { ids: wanted }, { enabled: wanted.length > 0 })
  return useMemo(() => new Map((data ?? []).map((l) => [Number(l.id), `${l.circuit_id} ${l.name}`])), [data])
}
