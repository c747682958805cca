import { EVENT_TYPES } from '#shared/notifications'
import { PRIORITIES } from '#shared/incident_lifecycle'

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
}

export interface NotificationEvent {
  type: EventType
  at: string
  /** Identifies the event across retries and processes: one delivery per channel per key. */
  key: string
  priority: Priority
  agency_id: number
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
  detail: string | null
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
 * have: an uplink carries a whole ministry's lines and a device several lines, so both outrank
 * a legacy agency line.
 */
export function priorityOf(event: { linkKind?: string | null; device?: boolean; incidentPriority?: string | null }): Priority {
  const { linkKind, device, incidentPriority } = event
  if (incidentPriority && (PRIORITIES as readonly string[]).includes(incidentPriority)) return incidentPriority as Priority
  return linkKind === 'uplink' || (device && !linkKind) ? 'P2' : 'P3'
}

export function priorityRank(priority: Priority) {
  return PRIORITIES.indexOf(priority) + 1
}

const numberOrNull = (v: unknown) => (v === null || v === undefined || Number.isNaN(Number(v)) ? null : Number(v))

/** Builds the event; its link or device must carry agency_id (the dispatcher loads it if not). */
export function normaliseEvent(raw: MonitoringEvent): NotificationEvent {
  if (!isEventType(raw.type)) throw new Error(`unknown event type ${String(raw.type)}`)
  const at = raw.at instanceof Date ? raw.at : new Date(raw.at)
  if (Number.isNaN(at.getTime())) throw new Error(`event time ${String(raw.at)} is not a timestamp`)
  if (!raw.link && !raw.device && !raw.incident) throw new Error('an event names its link or its device (an SLA alarm its incident)')
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
  return {
    type: raw.type,
    at: at.toISOString(),
    key: `${raw.type}-l${link?.id ?? 0}-d${device?.id ?? 0}-i${incident?.id ?? 0}-${at.getTime()}`,
    priority: priorityOf({ linkKind: link?.kind, device: Boolean(device), incidentPriority: incident?.priority }),
    agency_id: agencyId,
    link,
    device,
    incident,
    detail: raw.detail ?? field(raw.link, 'reason') ?? field(raw.device, 'last_error') ?? null,
  }
}

const HEADLINES: Record<EventType, string> = {
  'link.down': 'link down',
  'link.degraded': 'link degraded',
  'link.recovered': 'link recovered',
  'link.flapping': 'link flapping',
  'device.unreachable': 'device unreachable',
  'device.reachable': 'device reachable again',
  'incident.opened': 'incident opened',
  'incident.resolved': 'incident resolved',
  'incident.noted': 'incident updated',
  'incident.sla_warning': 'SLA warning',
  'incident.sla_breach': 'SLA breached',
}

/** What the event is about, in a few words. */
export function subjectOf(event: NotificationEvent) {
  if (event.link) return [event.link.circuit_id, event.link.name].filter(Boolean).join(' ') || `link ${event.link.id}`
  if (event.device) return event.device.hostname ?? `device ${event.device.id}`
  return event.incident?.title ?? `incident ${event.incident?.id}`
}

/** One line for a mail subject or a chat message. */
export function headline(event: NotificationEvent) {
  const incident = event.incident?.number ? ` (${event.incident.number})` : ''
  return `[GSN ${event.priority}] ${HEADLINES[event.type]}: ${subjectOf(event)}${incident}`
}
