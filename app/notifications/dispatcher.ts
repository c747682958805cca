import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { queue } from '#app/platform/queues'
import notificationsConfig from '#config/notifications'
import { channelMatches } from '#app/notifications/matching'
import { eventHub } from '#app/notifications/event_hub'
import { eventFacts, mailRecipients } from '#app/notifications/subscription_facts'
import { storedMatrix } from '#app/incidents/priority_matrix'
import { carriesUplink } from '#app/monitoring/reachability/device_uplinks'
import { envelope, field, isEnvelope, normaliseEvent, type Announcement, type MonitoringEvent, type NotificationEvent } from '#app/notifications/events'

export const DELIVERY_JOB = 'deliver'

/**
 * One job per delivery, so announcing an event twice cannot queue it twice. The creation time
 * is in the id because BullMQ keeps finished jobs for a day: a database restored or rebuilt
 * under the same Redis reuses delivery ids, and their jobs must not be taken for old ones.
 */
export function jobIdOf(deliveryId: number | string, createdAt: Date) {
  return `delivery-${deliveryId}-${createdAt.getTime()}`
}

async function agencyPath(agencyId: number | null): Promise<string | null> {
  if (agencyId === null) return null
  const row = await db.from('agencies').where('id', agencyId).select('path').first()
  return row?.path ?? null
}

/** Fills in what the caller left out of the link or device (a bare {id}), from the database. */
async function complete(raw: MonitoringEvent): Promise<MonitoringEvent> {
  for (const [key, table] of [['link', 'links'], ['device', 'devices']] as const) {
    const row = raw[key]
    if (!row || field(row, 'agency_id') !== undefined) continue
    const stored = await db.from(table).where('id', Number(field(row, 'id'))).first()
    if (!stored) throw new Error(`event for ${key} ${field(row, 'id')}, which does not exist`)
    raw = { ...raw, [key]: { ...stored, ...(typeof row.serialize === 'function' ? {} : row) } }
  }
  // A device event no incident ranks ranks as the device's incident would: by the uplink it carries.
  if (raw.device && !raw.link && !field(raw.incident, 'priority') && field(raw.device, 'carries_uplink') === undefined) {
    const carries_uplink = await carriesUplink(db, Number(field(raw.device, 'id')))
    const device = typeof raw.device.serialize === 'function' ? raw.device.serialize() : raw.device
    raw = { ...raw, device: { ...device, carries_uplink } }
  }
  return raw
}

export async function enqueueDelivery(deliveryId: number | string, createdAt: Date) {
  const { attempts, backoffMs } = notificationsConfig.delivery
  await queue('notifications').add(
    DELIVERY_JOB,
    { deliveryId: String(deliveryId), createdAt: createdAt.getTime() },
    {
      jobId: jobIdOf(deliveryId, createdAt),
      attempts,
      backoff: { type: 'exponential', delay: backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    }
  )
}

/**
 * One delivery of an event to a channel or a person, queued once: announcing the event again
 * finds the row its key already made and re-queues it only if it never reached the queue.
 */
async function makeDelivery(recipient: 'channel_id' | 'user_id', id: number, event: NotificationEvent): Promise<string | null> {
  const inserted = await db.rawQuery(
    `INSERT INTO notification_deliveries (${recipient}, event_type, event_key, event)
     VALUES (?, ?, ?, ?::jsonb)
     ON CONFLICT (${recipient}, event_key) DO UPDATE SET event_key = EXCLUDED.event_key
     RETURNING id, status, attempts, created_at, (xmax = 0) AS created`,
    [id, event.type, event.key, JSON.stringify(event)]
  )
  const row = inserted.rows[0]
  if (!row.created && !(row.status === 'queued' && row.attempts === 0)) return null
  await enqueueDelivery(row.id, new Date(row.created_at))
  return String(row.id)
}

/**
 * Announces an event: live to the browsers (Redis pub/sub → SSE) and, through the BullMQ
 * 'notifications' queue, to every channel whose filters it passes and every person it concerns
 * under a topic they hear by mail. Sending happens in the
 * notification worker (`node ace notifications:work`), so a slow mail server or webhook never
 * holds up the alarm rules that call this. Announcing the same event twice delivers it once.
 */
export async function notify(raw: MonitoringEvent | NotificationEvent): Promise<{ event: NotificationEvent; deliveries: string[] }> {
  // Monitoring queues its raw announcement; every other producer an envelope already sealed.
  const event: NotificationEvent = isEnvelope(raw) ? raw : normaliseEvent(await complete(raw), await storedMatrix(db))
  const path = await agencyPath(event.agency_id)

  const channels = await db
    .from('notification_channels as c')
    .leftJoin('agencies as a', 'a.id', 'c.agency_id')
    .where('c.enabled', true)
    .select('c.id', 'c.enabled', 'c.event_types', 'c.min_priority', 'a.path as agency_path')
  const matching = channels.filter((c) =>
    channelMatches(
      { enabled: c.enabled, event_types: c.event_types ?? [], min_priority: c.min_priority, agency_path: c.agency_path ?? null },
      event,
      path
    )
  )

  const deliveries: string[] = []
  for (const channel of matching) {
    const made = await makeDelivery('channel_id', channel.id, event)
    if (made) deliveries.push(made)
  }

  // People who subscribed: one mail each per event key, to their own address (subscriptions.ts).
  const facts = await eventFacts(event, path)
  for (const { person } of await mailRecipients(event, facts)) {
    const made = await makeDelivery('user_id', person.id, event)
    if (made) deliveries.push(made)
  }

  await eventHub.publish({ ...event, agency_path: path, facts })
  return { event, deliveries }
}

/**
 * How producers other than monitoring announce (the incident service, SLA clocks, changes):
 * sealed in the envelope and queued after their transaction commits; the notifications worker
 * delivers it to channels and live streams. A Redis that does not answer loses the notice, not
 * the change it announces (logged).
 */
export async function announce(announcement: Announcement) {
  const event = envelope(announcement)
  try {
    await queue('notifications').add(event.type, event, { removeOnComplete: 1000, removeOnFail: 5000 })
  } catch (error) {
    logger.warn({ err: error, event: event.type }, 'event not queued for notification')
  }
  return event
}
