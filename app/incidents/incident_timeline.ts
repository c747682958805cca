import type User from '#app/access/user'
import { timeline, type TimelineRecord } from '#app/core/timeline'
import { hideOutOfScopeNumbers } from '#app/incidents/linked_numbers'

/**
 * An incident's timeline (app/core/timeline.ts): each move, assignment, note and work log,
 * priority change, what monitoring saw, SLA warnings and breaches, attachments.
 */
export const TIMELINE_KINDS = [
  'opened', 'moved', 'assigned', 'note', 'worklog', 'priority', 'monitoring', 'parent', 'problem', 'sla_warning', 'sla_breach', 'attachment',
  'level', 'authority_report', 'legal_warning', 'legal_breach',
  'security', 'indicator',
] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

export type TimelineEntry = TimelineRecord<TimelineKind>

const incidentTimeline = timeline<TimelineKind>({ table: 'incident_timeline', owner: 'incident_id', entity: 'incidents', workLogs: true })

export const addTimeline = incidentTimeline.add
/** Saves a change to an incident with its audit row and timeline entries (the incident service adds its SLA clock). */
export const saveWithTimeline = incidentTimeline.save
/** The whole timeline, oldest first, in a language: as the system and a national reader see it. */
export const timelineOf = incidentTimeline.read

/**
 * The timeline a person reads (every route answers this one): oldest first, in their language,
 * and incidents of other agencies linked to this one (a major incident's children, a child's
 * parent) not named to a reader outside their scope.
 */
export const timelineFor = (id: number, reader: User) => incidentTimeline.read(id, reader.locale, (messages) => hideOutOfScopeNumbers(reader, messages))
