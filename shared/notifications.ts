/** Value lists of notification channels that the API validates and the UI offers. */
export const CHANNEL_KINDS = ['email', 'webhook'] as const

/** What the alarm rules announce (app/notifications/events.ts), and what a channel may choose to hear. */
export const EVENT_TYPES = [
  'link.down', 'link.degraded', 'link.recovered', 'link.flapping',
  'device.unreachable', 'device.reachable',
  'incident.opened', 'incident.resolved', 'incident.noted', 'incident.assigned', 'incident.moved',
  'incident.sla_warning', 'incident.sla_breach',
] as const

export const notificationEnums = { channel_kind: CHANNEL_KINDS, event_type: EVENT_TYPES }
