import { priorityRank, type EventType, type NotificationEvent, type Priority } from '#app/notifications/events'

/**
 * Who hears of an event. Agencies nest (ministry → agency → branch), and agency scope is a
 * prefix match on agencies.path ("/1/7/42/"), as everywhere else in the console.
 */
export interface ChannelFilter {
  enabled: boolean
  event_types: EventType[]
  min_priority: Priority
  /** Path of the channel's agency; null for national channels. */
  agency_path: string | null
}

export function inSubtree(eventAgencyPath: string | null, scopePath: string | null) {
  if (scopePath === null) return true
  return eventAgencyPath !== null && eventAgencyPath.startsWith(scopePath)
}

/**
 * A channel hears an event when it is enabled, lists the event's type (or lists none), the
 * event is at least as urgent as its minimum priority (P1 most urgent: a P2 channel hears P1
 * and P2), and the event's agency lies in the channel's agency subtree.
 */
export function channelMatches(channel: ChannelFilter, event: NotificationEvent, eventAgencyPath: string | null) {
  if (!channel.enabled) return false
  if (channel.event_types.length > 0 && !channel.event_types.includes(event.type)) return false
  if (priorityRank(event.priority) > priorityRank(channel.min_priority)) return false
  return inSubtree(eventAgencyPath, channel.agency_path)
}
