import { useCallback, useEffect, useRef, useState } from 'react'
import { useQueryClient, type QueryKey } from '@tanstack/react-query'
import { API } from '../common/http'
import { EVENT_TYPES, type LiveEvent } from './model'

export type LiveStatus = 'connecting' | 'live' | 'reconnecting'

export interface LiveState {
  status: LiveStatus
  /** Events received since the page opened (the browser test reads it from the page). */
  received: number
  lastEventAt: Date | null
}

const FIRST_RETRY_MS = 2_000
const LAST_RETRY_MS = 60_000

/**
 * Subscribes to GET /api/events. The browser's EventSource reconnects by itself after a dropped
 * connection (the server asks for 5 s); when the server refuses outright (a restart answering
 * 502, a lost session answering 401) EventSource gives up, so this opens a new one after a
 * growing pause. Events sent while no connection stood are not replayed, so every reconnection
 * calls `onReconnect` for the page to read its data afresh.
 */
export function useLiveEvents(onEvent: (event: LiveEvent) => void, onReconnect?: () => void): LiveState {
  const handlers = useRef({ onEvent, onReconnect })
  handlers.current = { onEvent, onReconnect }
  const [state, setState] = useState<LiveState>({ status: 'connecting', received: 0, lastEventAt: null })

  useEffect(() => {
    let source: EventSource | null = null
    let retryTimer: ReturnType<typeof setTimeout> | undefined
    let retryMs = FIRST_RETRY_MS
    let opened = false
    let stopped = false

    const receive = (message: MessageEvent) => {
      let event: LiveEvent
      try {
        event = JSON.parse(message.data)
      } catch {
        return
      }
      setState((s) => ({ ...s, received: s.received + 1, lastEventAt: new Date() }))
      handlers.current.onEvent(event)
    }

    const connect = () => {
      if (stopped) return
      source = new EventSource(`${API}/events`)
      for (const type of EVENT_TYPES) source.addEventListener(type, receive as EventListener)
      source.onopen = () => {
        retryMs = FIRST_RETRY_MS
        setState((s) => ({ ...s, status: 'live' }))
        if (opened) handlers.current.onReconnect?.()
        opened = true
      }
      source.onerror = () => {
        setState((s) => ({ ...s, status: 'reconnecting' }))
        if (source?.readyState === EventSource.CLOSED) {
          source.close()
          source = null
          retryTimer = setTimeout(connect, retryMs)
          retryMs = Math.min(retryMs * 2, LAST_RETRY_MS)
        }
      }
    }

    connect()
    return () => {
      stopped = true
      clearTimeout(retryTimer)
      source?.close()
    }
  }, [])

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
