import type { ReasonPart } from '#app/monitoring/link_health/link_reason_messages'
import { EventEmitter } from 'node:events'
import logger from '@adonisjs/core/services/logger'
import { queue } from '#app/platform/queues'
import type { NotificationEvent, StoredMessage } from '#app/notifications/events'
import type { LinkState } from '#app/monitoring/link_health/link_state'
import type Incident from '#app/incidents/incident'

/**
 * What link monitoring tells the rest of the console. Notifications (e-mail, signed webhook,
 * server-sent events) subscribe here; this file only publishes, in two ways:
 *  - in-process on `monitoringEvents` ('event' for every one, and each type by name), for the
 *    live UI stream of the process that observed it;
 *  - as a job named after the type on the BullMQ 'notifications' queue, for e-mail and webhook
 *    workers on any machine.
 * Events are published after the database transaction that caused them has committed.
 */
export type MonitoringEventType =
  | 'link.down'
  | 'link.degraded'
  | 'link.recovered'
  | 'link.flapping'
  | 'device.unreachable'
  | 'device.reachable'
  | 'incident.opened'
  | 'incident.resolved'
  | 'incident.noted'

export interface MonitoringEvent {
  type: MonitoringEventType
  /** When the observation that caused it was made (ISO 8601). */
  at: string
  link?: {
    id: number
    circuit_id: string
    name: string
    kind: string
    agency_id: number
    state: LinkState
    /** In English; reason_message is the same as keys and parameters, for readers of other languages. */
    reason: string | null
    reason_message?: ReasonPart[]
    in_util: number | null
    out_util: number | null
  }
  device?: { id: number; hostname: string; agency_id: number; last_error: string | null; carries_uplink?: boolean }
  incident?: { id: number; number: string; title: string; priority: string; status: string; agency_id: number }
  /** Why, in words: the link's state reason or the device's last error. */
  detail?: string | null
  /** The same as a message key and parameters, worded for each reader (notifications/events.ts). */
  detail_message?: StoredMessage | null
}

export const monitoringEvents = new EventEmitter()
monitoringEvents.setMaxListeners(100)

/** A Redis outage must not hold up the alarm path: the in-process event still goes out. */
const QUEUE_TIMEOUT_MS = 2000

/** Emits in this process and queues for notification; false when the queue did not take it. Envelopes of other producers travel the same way. */
export async function emitMonitoringEvent(event: MonitoringEvent | NotificationEvent): Promise<boolean> {
  for (const name of ['event', event.type]) {
    try {
      monitoringEvents.emit(name, event)
    } catch (error) {
      logger.error({ err: error, event: event.type }, 'a monitoring event listener failed')
    }
  }
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      queue('notifications').add(event.type, event, { removeOnComplete: 1000, removeOnFail: 5000 }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('notifications queue did not answer')), QUEUE_TIMEOUT_MS)
      }),
    ])
    return true
  } catch (error) {
    logger.warn({ err: error, event: event.type }, 'monitoring event not queued for notification; the outbox relay sends it later')
    return false
  } finally {
    clearTimeout(timer)
  }
}

/** An incident as an event carries it. */
export function incidentView(row: Incident) {
  return { id: row.id, number: row.number, title: row.title, priority: row.priority, status: row.status, agency_id: row.agencyId }
}
