import { useCallback, useEffect, useRef, useState } from 'react'
import { useQueryClient, type QueryKey } from '@tanstack/react-query'
import type { LiveEvent } from './model'
import { listen, type LiveStatus } from './liveStream'

export type { LiveStatus }

export interface LiveState {
  status: LiveStatus
  /** Events received since the page opened (the browser test reads it from the page). */
  received: number
  lastEventAt: Date | null
}

/**
 * Listens to GET /api/events through the tab's one shared stream (liveStream.ts): `onEvent` for
 * each event, `onReconnect` after each reconnection (events in between are not replayed).
 */
export function useLiveEvents(onEvent: (event: LiveEvent) => void, onReconnect?: () => void): LiveState {
  const handlers = useRef({ onEvent, onReconnect })
  handlers.current = { onEvent, onReconnect }
  const [state, setState] = useState<LiveState>({ status: 'connecting', received: 0, lastEventAt: null })

  useEffect(
    () =>
      listen({
        onEvent(event) {
          setState((s) => ({ ...s, received: s.received + 1, lastEventAt: new Date() }))
          handlers.current.onEvent(event)
        },
        onStatus(status) {
          setState((s) => (s.status === status ? s : { ...s, status }))
        },
        onReconnect() {
          handlers.current.onReconnect?.()
        },
      }),
    []
  )

  return state
}

/**
 * Calls `fn` at most once per `waitMs`, and once more after a burst ends: a device going down
 * sends an event for each of its links, and the board should read its data once, not 300 times.
 */
export function useThrottled(fn: () => void, waitMs: number) {
  const ref = useRef({ fn, last: 0, timer: undefined as ReturnType<typeof setTimeout> | undefined })
  ref.current.fn = fn
  useEffect(() => () => clearTimeout(ref.current.timer), [])
  return useRef(() => {
    const r = ref.current
    if (r.timer) return
    const wait = Math.max(0, r.last + waitMs - Date.now())
    r.timer = setTimeout(() => {
      r.timer = undefined
      r.last = Date.now()
      r.fn()
    }, wait)
  }).current
}

/**
 * A page that shows one record keeps it current: every event `concerns` reads the queries under
 * `base` + each of `parts` again (once per second at most), and so does every reconnection.
 */
export function useLiveRefresh(base: QueryKey, parts: string[], concerns: (event: LiveEvent) => boolean) {
  const queryClient = useQueryClient()
  const key = JSON.stringify([base, parts])
  const refresh = useCallback(() => {
    const [prefix, names] = JSON.parse(key) as [unknown[], string[]]
    for (const part of names) queryClient.invalidateQueries({ queryKey: [...prefix, part] })
  }, [queryClient, key])
  const throttled = useThrottled(refresh, 1000)
  return useLiveEvents((event) => {
    if (concerns(event)) throttled()
  }, refresh)
}
