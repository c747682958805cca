import { DEFAULT_SUBSCRIPTION, SUBSCRIPTION_TOPICS, type SubscriptionTopic } from '#shared/notifications'
import { inSubtree } from '#app/notifications/matching'
import type { NotificationEvent } from '#app/notifications/events'

/**
 * Whom an event concerns, person by person: the plain rules behind per-user e-mail and the
 * per-user live stream. The facts are read from the database (subscription_facts.ts); here only
 * the decision, so it can be tested on its own.
 */
export { SUBSCRIPTION_TOPICS, DEFAULT_SUBSCRIPTION }
export type Topic = SubscriptionTopic

/** An item of the inventory, as "link:42". */
export type ItemKey = `${'link' | 'device' | 'information_system' | 'data_centre'}:${number}`

/** What the event's record says about who works it, read when the event is dispatched. */
export interface EventFacts {
  /** The agency path of the event's agency; null for a national record (national readers only). */
  agency_path: string | null
  /** The groups whose queue holds the incident(s): its own, or a problem's incidents'. */
  group_ids: number[]
  /** Who the incident(s) are assigned to. */
  assignee_ids: number[]
  /** A change's board (set once submitted). */
  board_id: number | null
  /** Who raised the change or reported the problem. */
  requester_id: number | null
  /** The items the record touches, and the agency paths those items belong to. */
  items: ItemKey[]
  item_paths: string[]
}

/** What is known of one person. */
export interface UserFacts {
  id: number
  /** Their agency scope ("/1/7/"); null for national accounts. */
  scope_path: string | null
  group_ids: number[]
  board_ids: number[]
  /** Items of the open incidents assigned to them. */
  items: ItemKey[]
  /** An agency liaison owns every item of their own agency (and those below it). */
  owns_agency_items: boolean
}

export interface Choice {
  email: boolean
  live: boolean
}

const family = (event: Pick<NotificationEvent, 'type'>) => event.type.split('.')[0]
const SLA_TYPES = new Set(['incident.sla_warning', 'incident.sla_breach', 'incident.legal_warning', 'incident.legal_breach'])

/**
 * The topics an event concerns this person under. Nothing outside their agency scope ever
 * concerns them, whatever their groups or boards say: a liaison sitting on a national board still
 * hears only of its own agencies' records.
 *
 * - group_queues: an incident event (opened, routed, assigned, moved, resolved) in a group they belong to;
 * - my_incidents: the same for an incident assigned to them;
 * - sla: an SLA warning or breach of an incident of their groups or assigned to them;
 * - cab_requests: a change submitted to a board they sit on;
 * - my_items: a change or problem event on an item they own (the items of incidents assigned to
 *   them; a liaison: every item of their agency), or on a change or problem they raised.
 */
export function topicsFor(event: Pick<NotificationEvent, 'type'>, facts: EventFacts, user: UserFacts): Topic[] {
  if (!inSubtree(facts.agency_path, user.scope_path)) return []
  const topics: Topic[] = []
  const inGroup = facts.group_ids.some((g) => user.group_ids.includes(g))
  const assigned = facts.assignee_ids.includes(user.id)
  const kind = family(event)
  if (kind === 'incident') {
    if (SLA_TYPES.has(event.type)) {
      if (inGroup || assigned) topics.push('sla')
    } else {
      if (inGroup) topics.push('group_queues')
      if (assigned) topics.push('my_incidents')
    }
  }
  if (kind === 'change' && event.type === 'change.submitted' && facts.board_id !== null && user.board_ids.includes(facts.board_id)) {
    topics.push('cab_requests')
  }
  if ((kind === 'change' || kind === 'problem') && ownsAny(facts, user)) topics.push('my_items')
  return topics
}

function ownsAny(facts: EventFacts, user: UserFacts) {
  if (facts.requester_id === user.id) return true
  if (facts.items.some((item) => user.items.includes(item))) return true
  return user.owns_agency_items && user.scope_path !== null && facts.item_paths.some((path) => path.startsWith(user.scope_path!))
}

/** A person's choice for each topic: what they stored, else the default. */
export function choicesOf(stored: Array<{ topic: string; email: boolean; live: boolean }>): Record<Topic, Choice> {
  const choices = Object.fromEntries(SUBSCRIPTION_TOPICS.map((t) => [t, { ...DEFAULT_SUBSCRIPTION }])) as Record<Topic, Choice>
  for (const row of stored) {
    if ((SUBSCRIPTION_TOPICS as readonly string[]).includes(row.topic)) choices[row.topic as Topic] = { email: row.email, live: row.live }
  }
  return choices
}

/** The topics among `topics` the person hears by `way`. */
export function heard(topics: Topic[], choices: Record<Topic, Choice>, way: keyof Choice): Topic[] {
  return topics.filter((topic) => choices[topic][way])
}

/**
 * The event families the NOC board and pages always receive live, within the reader's scope, as
 * before subscriptions existed; the others (changes, problems) reach a stream only when they
 * concern its reader under a topic they hear live.
 */
export function shownToScope(event: Pick<NotificationEvent, 'type'>) {
  return ['link', 'device', 'incident'].includes(family(event))
}
