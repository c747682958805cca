import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { LOOKS, lookFilter, type Look } from './model'

/**
 * The board's filters live in the address (#/noc?region=north&agency=12&look=down), so a wall
 * screen can be set up once by its URL and a colleague sent the very view one is looking at.
 */
export interface BoardParams {
  region: string
  agency: number | null
  kind: string
  q: string
  look: Look | ''
  flapping: boolean
  wall: boolean
  page: number
  perPage: number
  sort: string
  order: 'ASC' | 'DESC'
}

export const PER_PAGE = [25, 50, 100]

export function useBoardParams() {
  const [search, setSearch] = useSearchParams()
  const params: BoardParams = useMemo(() => {
    const look = search.get('look') ?? ''
    const perPage = Number(search.get('per'))
    return {
      region: search.get('region') ?? '',
      agency: Number(search.get('agency')) || null,
      kind: search.get('kind') ?? '',
      q: search.get('q') ?? '',
      look: (LOOKS as readonly string[]).includes(look) ? (look as Look) : '',
      flapping: search.get('flapping') === '1',
      wall: search.get('wall') === '1',
      page: Math.max(1, Number(search.get('page')) || 1),
      perPage: PER_PAGE.includes(perPage) ? perPage : 25,
      sort: search.get('sort') ?? 'severity',
      order: search.get('order') === 'DESC' ? 'DESC' : 'ASC',
    }
  }, [search])

  /** Changes some parameters; any change of what is listed goes back to its first page. */
  const update = useCallback(
    (changes: Partial<Record<'region' | 'agency' | 'kind' | 'q' | 'look' | 'flapping' | 'wall' | 'page' | 'per' | 'sort' | 'order', string | number | boolean | null>>) => {
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous)
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '' || value === false || value === undefined) next.delete(key)
            else next.set(key, value === true ? '1' : String(value))
          }
          if (!('page' in changes)) next.delete('page')
          return next
        },
        { replace: true }
      )
    },
    [setSearch]
  )
  return { params, update }
}

/** What the counts and tiles are read under: everything but the look, which they break down. */
export function summaryFilter(p: BoardParams) {
  return { region: p.region || undefined, agency_id: p.agency ?? undefined, kind: p.kind || undefined, q: p.q || undefined }
}

export function tableFilter(p: BoardParams) {
  return {
    ...summaryFilter(p),
    ...(p.look ? lookFilter(p.look) : {}),
    ...(p.flapping ? { flapping: true } : {}),
  }
}

/** The faults someone must act on: the wall screen's list. */
export const FAULTS_FILTER = { state: ['down', 'degraded', 'unknown'], admin_down: false, suppressed: false, in_maintenance: false }
