import { API } from '../common/http'
import { EVENT_TYPES, type LiveEvent } from './model'

export type LiveStatus = 'connecting' | 'live' | 'reconnecting'

/** One consumer of the shared stream: the board, the toasts, a link's or device's page. */
export interface LiveListener {
  onEvent(event: LiveEvent): void
  onStatus(status: LiveStatus): void
  onReconnect(): void
}

const FIRST_RETRY_MS = 2_000
const LAST_RETRY_MS = 60_000

/**
 * The one GET /api/events stream a browser tab holds, whoever listens. Each EventSource is a
 * connection the server keeps open and a slot of the browser's six per host over HTTP/1.1, so the
 * toasts (always mounted) and a live page share it rather than each opening their own.
 *
 * The browser's EventSource reconnects by itself after a dropped connection (the server asks for
 * 5 s); when the server refuses outright (a restart answering 502, a lost session answering 401)
 * EventSource gives up, so this opens a new one after a growing pause. Events sent while no
 * connection stood are not replayed, so every reconnection tells each listener to read afresh.
 * The stream closes when its last listener leaves (a logout unmounts the layout).
 */
const listeners = new Set<LiveListener>()
let source: EventSource | null = null
let retryTimer: ReturnType<typeof setTimeout> | undefined
let retryMs = FIRST_RETRY_MS
let opened = false
let status: LiveStatus = 'connecting'

function announce(next: LiveStatus) {
  status = next
  for (const listener of [...listeners]) listener.onStatus(next)
}

function receive(message: MessageEvent) {
  let event: LiveEvent
  try {
    event = JSON.parse(message.data)
  } catch {
    return
  }
  for (const listener of [...listeners]) listener.onEvent(event)
}

function connect() {
  retryTimer = undefined
  if (!listeners.size) return
  const opening = new EventSource(`${API}/events`)
  source = opening
  for (const type of EVENT_TYPES) opening.addEventListener(type, receive as EventListener)
  opening.onopen = () => {
    retryMs = FIRST_RETRY_MS
    announce('live')
    if (opened) for (const listener of [...listeners]) listener.onReconnect()
    opened = true
  }
  opening.onerror = () => {
    announce('reconnecting')
    if (opening.readyState === EventSource.CLOSED) {
      opening.close()
      if (source === opening) source = null
      retryTimer = setTimeout(connect, retryMs)
      retryMs = Math.min(retryMs * 2, LAST_RETRY_MS)
    }
  }
}

function stop() {
  clearTimeout(retryTimer)
  retryTimer = undefined
  source?.close()
  source = null
  opened = false
  retryMs = FIRST_RETRY_MS
  status = 'connecting'
}

/** Listens to the shared stream, opening it for the first listener; the answer stops listening. */
export function listen(listener: LiveListener): () => void {
  listeners.add(listener)
  if (!source && !retryTimer) connect()
  listener.onStatus(status)
  return () => {
    listeners.delete(listener)
    if (!listeners.size) stop()
  }
}
