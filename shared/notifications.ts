/** Value lists of notification channels that the API validates and the UI offers. */
export const CHANNEL_KINDS = ['email', 'webhook'] as const

/** What the alarm rules announce (app/notifications/events.ts), and what a channel may choose to hear. */
export const EVENT_TYPES = [
  'link.down', 'link.degraded', 'link.recovered', 'link.flapping',
  'device.unreachable', 'device.reachable',
  'incident.opened', 'incident.resolved', 'incident.noted', 'incident.assigned', 'incident.moved',
  'incident.sla_warning', 'incident.sla_breach',
  'incident.graded', 'incident.reported', 'incident.legal_warning', 'incident.legal_breach',
  'change.submitted', 'change.approved', 'change.rejected', 'change.scheduled', 'change.implementing', 'change.implemented', 'change.failed',
  'problem.opened', 'problem.resolved',
] as const

/**
 * What a person may subscribe to (app/notifications/subscriptions.ts decides which an event
 * concerns): their groups' queues, incidents assigned to them, SLA warnings and breaches of
 * either, CAB requests to a board they sit on, and changes and problems touching items they own.
 */
export const SUBSCRIPTION_TOPICS = ['group_queues', 'my_incidents', 'sla', 'cab_requests', 'my_items'] as const
export type SubscriptionTopic = (typeof SUBSCRIPTION_TOPICS)[number]

/**
 * A person who has not chosen: everything that concerns them live in the console, nothing by
 * mail (mail is opted into, so nobody's mailbox fills on the day the feature arrives).
 */
export const DEFAULT_SUBSCRIPTION = { email: false, live: true } as const

export const notificationEnums = { channel_kind: CHANNEL_KINDS, event_type: EVENT_TYPES, topic: SUBSCRIPTION_TOPICS }
