import { Redis } from 'ioredis'
import queueConfig from '#config/queue'
import { inSubtree } from '#app/notifications/matching'
import type { NotificationEvent } from '#app/notifications/events'
import type { EventFacts } from '#app/notifications/subscriptions'

/**
 * Live events for the browsers. The process that raises an event (a collector or alarm worker)
 * is not the web process holding the browsers' streams, so events travel over Redis pub/sub and
 * every web process forwards them to its own listeners, each filtered to the listener's agency
 * subtree.
 */
export interface PublishedEvent extends NotificationEvent {
  agency_path: string | null
  /** Whom the event concerns (subscriptions.ts), so each stream decides without a query. */
  facts?: EventFacts
}

export interface Listener {
  /** Null for national users; the agency path ("/1/7/") otherwise. */
  scopePath: string | null
  /** Called for the events of its scope; it decides what it writes (its reader's subscriptions). */
  send(event: NotificationEvent, facts: EventFacts): void
}

/** Pub/sub ignores Redis database numbers, so the channel carries the database as well. */
export function eventChannel() {
  return `${queueConfig.prefix}:${queueConfig.connection.db}:events`
}

function connect() {
  const { host, port, password, db } = queueConfig.connection
  return new Redis({ host, port, password, db, maxRetriesPerRequest: null })
}

class EventHub {
  private listeners = new Set<Listener>()
  private subscriber: Redis | null = null
  private subscribing: Promise<void> | null = null
  private publisher: Redis | null = null

  /** Resolves once this process receives published events. */
  ready() {
    this.subscribing ??= (async () => {
      const subscriber = connect()
      subscriber.on('message', (_channel: string, message: string) => this.dispatch(message))
      subscriber.on('error', () => {
        // ioredis reconnects and resubscribes by itself; the listeners only miss what passed meanwhile.
      })
      await subscriber.subscribe(eventChannel())
      this.subscriber = subscriber
    })().catch((error) => {
      this.subscribing = null
      throw error
    })
    return this.subscribing
  }

  add(listener: Listener) {
    this.listeners.add(listener)
  }

  remove(listener: Listener) {
    this.listeners.delete(listener)
  }

  get size() {
    return this.listeners.size
  }

  async publish(event: PublishedEvent) {
    this.publisher ??= connect()
    return this.publisher.publish(eventChannel(), JSON.stringify(event))
  }

  private dispatch(message: string) {
    let published: PublishedEvent
    try {
      published = JSON.parse(message)
    } catch {
      return
    }
    const { agency_path: path, facts, ...event } = published
    const known = facts ?? { agency_path: path, group_ids: [], assignee_ids: [], board_id: null, requester_id: null, items: [], item_paths: [] }
    for (const listener of this.listeners) {
      if (!inSubtree(path, listener.scopePath)) continue
      try {
        listener.send(event, known)
      } catch {
        this.listeners.delete(listener)
      }
    }
  }

  async close() {
    const subscriber = this.subscriber
    const publisher = this.publisher
    this.subscriber = this.publisher = null
    this.subscribing = null
    await Promise.all([subscriber?.quit().catch(() => {}), publisher?.quit().catch(() => {})])
  }
}

export const eventHub = new EventHub()
