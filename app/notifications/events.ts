import { EVENT_TYPES } from '#shared/notifications'
import { PRIORITIES } from '#shared/incident_lifecycle'
import { Message, message, type MessageKey } from '#app/core/messages'
import { isReasonParts } from '#app/monitoring/link_health/link_reason_messages'
import { parsePollError } from '#shared/device_poll_errors'
import { eventAssessment } from '#app/monitoring/link_health/alarm_rules'
import { priorityFrom, type MatrixCell } from '#app/incidents/priority_matrix'

/**
 * What the alarm rules announce (app/monitoring/events.ts puts each on the 'notifications'
 * queue, or a caller hands it to notify()), and what reaches e-mail, webhooks and the UI. The
 * announcement names a link or a device (a Lucid model or a plain row) and, when there is one,
 * its incident; the dispatcher turns it into this plain, serialisable event.
 */
export { EVENT_TYPES, PRIORITIES }
export type EventType = (typeof EVENT_TYPES)[number]

export type Priority = (typeof PRIORITIES)[number]

type Row = Record<string, any>

export interface MonitoringEvent {
  type: EventType
  at: Date | string
  link?: Row | null
  device?: Row | null
  incident?: Row | null
  /** Why, in words: "utilisation 93% for 5 minutes", "ifOperStatus down". */
  detail?: string | null
  /** The same as a message, worded for each reader; without it, the link's reason parts or the device's poll error. */
  detail_message?: StoredMessage | null
}

/** A message as it travels in an event and is stored in its delivery: its key and parameters. */
export type StoredMessage = { key: MessageKey; params: unknown[] }

/** What an event is about: the record a reader opens to see more. */
export type SubjectKind = 'link' | 'device' | 'incident' | 'problem' | 'change' | 'security_incident'

/**
 * The one envelope every announcement travels in, whoever produces it (link and device
 * monitoring, the incident service, SLA clocks, changes, later security events): the dispatcher,
 * the channel filters and the senders read only these fields. `summary` is a message (key and
 * parameters) worded for each reader; `payload` is what the producer adds for its own pages
 * (monitoring: the link, device and incident as the NOC board shows them).
 */
export interface NotificationEvent<P extends object = object> {
  type: EventType
  at: string
  /** Identifies the event across retries and processes: one delivery per channel per key. */
  key: string
  subject: { kind: SubjectKind; id: number }
  /** Null for a national record (a backbone problem): only national readers hear of it. */
  agency_id: number | null
  priority: Priority
  summary: { key: MessageKey; params: unknown[] }
  payload: P
}

/** What link and device monitoring put in the payload. */
export interface MonitoringPayload {
  link: {
    id: number
    circuit_id: string | null
    name: string | null
    kind: string | null
    agency_id: number
    state: string | null
    in_util: number | null
    out_util: number | null
  } | null
  device: { id: number; hostname: string | null; agency_id: number } | null
  incident: { id: number; number: string | null; title: string | null; priority: Priority | null; status: string | null } | null
  /** In English, for readers of old; `detail_message` words it for each reader. */
  detail: string | null
  detail_message?: StoredMessage | null
}

/** An announcement before it is sealed in its envelope. */
export interface Announcement<P extends object = object> {
  type: EventType
  at: Date | string
  subject: NotificationEvent['subject']
  agency_id: number | null
  priority: Priority
  summary: Message
  payload: P
}

/** Seals an announcement: its time checked and its key, one per type, subject and instant. */
export function envelope<P extends object>(a: Announcement<P>): NotificationEvent<P> {
  if (!isEventType(a.type)) throw new Error(`unknown event type ${String(a.type)}`)
  const at = a.at instanceof Date ? a.at : new Date(a.at)
  if (Number.isNaN(at.getTime())) throw new Error(`event time ${String(a.at)} is not a timestamp`)
  return {
    type: a.type,
    at: at.toISOString(),
    key: `${a.type}-${a.subject.kind}${a.subject.id}-${at.getTime()}`,
    subject: a.subject,
    agency_id: a.agency_id,
    priority: a.priority,
    summary: { key: a.summary.key, params: a.summary.params as unknown[] },
    payload: a.payload,
  }
}

/** A stored message in a reader's language. */
export function wordedIn(stored: StoredMessage, locale: string) {
  return new Message(stored.key, ...(stored.params as [any])).in(locale)
}

/** The summary in a reader's language. */
export function summaryIn(event: Pick<NotificationEvent, 'summary'>, locale: string) {
  return wordedIn(event.summary, locale)
}

const stored = (m: Message): StoredMessage => ({ key: m.key, params: m.params as unknown[] })

/** Why, as a message: the producer's, else the link's reason parts, else a device's poll error. */
function detailMessage(raw: MonitoringEvent, detail: string | null): StoredMessage | null {
  if (raw.detail_message) return raw.detail_message
  const parts = field(raw.link, 'reason_message')
  if (raw.link && isReasonParts(parts) && parts.length) return stored(message('events.link_reason', { reason: parts }))
  if (!raw.link && raw.device && detail) {
    return stored(message('events.poll_error', { error: parsePollError(detail) }))
  }
  return null
}

/** Whether a queued job carries a sealed envelope rather than monitoring's raw announcement. */
export function isEnvelope(value: unknown): value is NotificationEvent {
  return typeof value === 'object' && value !== null && 'subject' in value && 'summary' in value && 'key' in value
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value)
}

/** Reads a field whichever way the row spells it (Lucid attribute or column name). */
export function field(row: Row | null | undefined, snake: string): any {
  if (!row) return undefined
  const camel = snake.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
  const attributes = typeof row.serialize === 'function' && row.$attributes ? row.$attributes : row
  return attributes[camel] ?? attributes[snake] ?? row[camel] ?? row[snake]
}

/**
 * An event takes its incident's priority. Without one it takes the priority its incident would
 * have: monitoring's assessment of the trouble (alarm_rules.ts) read off the admins' priority
 * matrix, as the incident service ranks the incidents themselves.
 */
export function priorityOf(
  event: { type: string; linkKind?: string | null; deviceCarriesUplink?: boolean; incidentPriority?: string | null },
  matrix: readonly MatrixCell[]
): Priority {
  const { incidentPriority } = event
  if (incidentPriority && (PRIORITIES as readonly string[]).includes(incidentPriority)) return incidentPriority as Priority
  const { impact, urgency } = eventAssessment(event)
  return priorityFrom(matrix, impact, urgency)
}

export function priorityRank(priority: Priority) {
  return PRIORITIES.indexOf(priority) + 1
}

const numberOrNull = (v: unknown) => (v === null || v === undefined || Number.isNaN(Number(v)) ? null : Number(v))

/**
 * Builds monitoring's event; its link or device must carry agency_id (the dispatcher loads it if
 * not). `matrix` is the stored priority matrix, which ranks an event no incident ranks; a device
 * event without one needs `carries_uplink` on its device to be ranked as its incident would be.
 */
export function normaliseEvent(raw: MonitoringEvent, matrix: readonly MatrixCell[]): NotificationEvent<MonitoringPayload> {
  if (!isEventType(raw.type)) throw new Error(`unknown event type ${String(raw.type)}`)
  if (!raw.link && !raw.device) throw new Error('an event names its link or its device')
  const agencyId = Number(field(raw.link, 'agency_id') ?? field(raw.device, 'agency_id') ?? field(raw.incident, 'agency_id'))
  if (!Number.isInteger(agencyId)) throw new Error('an event needs the agency of its link or device')

  const link = raw.link
    ? {
        id: Number(field(raw.link, 'id')),
        circuit_id: field(raw.link, 'circuit_id') ?? null,
        name: field(raw.link, 'name') ?? null,
        kind: field(raw.link, 'kind') ?? null,
        agency_id: Number(field(raw.link, 'agency_id') ?? agencyId),
        state: field(raw.link, 'state') ?? null,
        in_util: numberOrNull(field(raw.link, 'in_util')),
        out_util: numberOrNull(field(raw.link, 'out_util')),
      }
    : null
  const device = raw.device
    ? { id: Number(field(raw.device, 'id')), hostname: field(raw.device, 'hostname') ?? null, agency_id: Number(field(raw.device, 'agency_id') ?? agencyId) }
    : null
  const incident = raw.incident
    ? {
        id: Number(field(raw.incident, 'id')),
        number: field(raw.incident, 'number') ?? null,
        title: field(raw.incident, 'title') ?? null,
        priority: field(raw.incident, 'priority') ?? null,
        status: field(raw.incident, 'status') ?? null,
      }
    : null
  const subject = link
    ? [link.circuit_id, link.name].filter(Boolean).join(' ') || `link ${link.id}`
    : (device!.hostname ?? `device ${device!.id}`)
  const detail: string | null = raw.detail ?? field(raw.link, 'reason') ?? field(raw.device, 'last_error') ?? null
  const sealed = envelope<MonitoringPayload>({
    type: raw.type,
    at: raw.at,
    subject: link ? { kind: 'link', id: link.id } : { kind: 'device', id: device!.id },
    agency_id: agencyId,
    priority: priorityOf(
      { type: raw.type, linkKind: link?.kind, deviceCarriesUplink: Boolean(field(raw.device, 'carries_uplink')), incidentPriority: incident?.priority },
      matrix
    ),
    summary: message('events.headline', { type: raw.type, subject, incident: incident?.number ?? null }),
    payload: { link, device, incident, detail, detail_message: detailMessage(raw, detail) },
  })
  // Monitoring's key names the link, the device and the incident, as deliveries already made know it.
  return { ...sealed, key: `${raw.type}-l${link?.id ?? 0}-d${device?.id ?? 0}-i${incident?.id ?? 0}-${new Date(sealed.at).getTime()}` }
}

/** One line for a mail subject or a chat message, in both of the console's languages. */
export function headline(event: NotificationEvent) {
  const zh = summaryIn(event, 'zh-TW')
  const en = summaryIn(event, 'en')
  return `[GSN ${event.priority}] ${zh} / ${en}`
}
