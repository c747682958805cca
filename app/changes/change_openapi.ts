import type vine from '@vinejs/vine'
import { CHANGE_COMMANDS, CHANGE_STATUSES, CHANGE_TYPES, type ChangeCommand, type Decision } from '#shared/change_lifecycle'
import { CHANGE_TIMELINE_KINDS } from '#app/changes/change_timeline'
import { timelineEntrySchema } from '#app/core/timeline_openapi'
import { documentRoute, idParameter, jsonAnswer, jsonBody, listOf, orNull, record, t } from '#app/platform/openapi'

type Validator = ReturnType<typeof vine.create>

const status = { enum: [...CHANGE_STATUSES] }
const changeAnswer = { $ref: '#/components/schemas/Change' }
const timelineEntry = timelineEntrySchema({
  kinds: CHANGE_TIMELINE_KINDS, statuses: CHANGE_STATUSES, body: 'a comment, a reason, the assessment, the review',
})
const conflict = {
  type: 'object',
  required: ['kind', 'starts_at', 'ends_at'],
  properties: {
    kind: { enum: ['overlap', 'freeze'] },
    change_id: t.integer,
    number: t.string,
    title: t.string,
    freeze_id: t.integer,
    name: t.string,
    starts_at: t.timestamp,
    ends_at: t.timestamp,
    items: { ...listOf(t.string), description: 'the items both changes reach, as type:id' },
  },
  additionalProperties: false,
}
const anyRow = { type: 'object' }
/** The impact answer, the same for a change and an incident (app/changes/impact.ts impactOf). */
export const impactSchema = record({
  links: { ...listOf(anyRow), description: 'the links named, and those on the devices named' },
  lines_behind: { ...listOf(anyRow), description: 'the legacy lines consolidated into those links' },
  devices: listOf(anyRow),
  agencies: { ...listOf(anyRow), description: 'the agencies those links and systems serve' },
  information_systems: { ...listOf(anyRow), description: 'the systems of those agencies and of the data centres named' },
  counts: record({ links: t.integer, lines_behind: t.integer, devices: t.integer, agencies: t.integer, information_systems: t.integer }),
})
const calendar = record({
  from: t.timestamp,
  to: t.timestamp,
  changes: listOf(
    record({
      id: t.integer, number: t.string, title: t.string, type: { enum: [...CHANGE_TYPES] }, status, agency_id: t.integer,
      planned_start: t.timestamp, planned_end: t.timestamp, conflicts: listOf(conflict),
    })
  ),
  freezes: listOf(
    record({ id: t.integer, name: t.string, reason: t.string, agency_id: orNull(t.integer), starts_at: t.timestamp, ends_at: t.timestamp })
  ),
})

const SUMMARIES: Record<ChangeCommand, string> = {
  submit: "Submit a draft: it goes to its board (normal, emergency), or is approved at once when standard (from a template); answers with its conflicts",
  assess: 'Record the risk and impact assessment (risk, impact, assessment) of a submitted change',
  schedule: 'Schedule an approved change: opens its maintenance window over its links (the lines behind an uplink too) and devices',
  start: 'Start implementing a scheduled change; its window opens now if the planned start is later',
  complete: 'The change is implemented: its maintenance window ends',
  fail: 'The implementation failed, saying why (reason); the window stays open for the back-out',
  back_out: 'The failed change has been backed out: its maintenance window ends',
  review: 'Review an implemented or backed-out change afterwards (review), as every emergency change must be',
  close: 'Close a reviewed or rejected change',
  cancel: 'Cancel a change not yet being implemented, saying why (reason); an open window ends',
}

export function documentChangeRoutes(v: { commandValidators: Record<ChangeCommand, Validator>; voteValidators: Record<Decision, Validator>}) {
  const schema = (validator: Validator) => validator.toJSONSchema() as Record<string, unknown>
  for (const command of CHANGE_COMMANDS) {
    documentRoute('post', `/api/changes/{id}/${command}`, {
      operationId: `${command.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}Change`,
      summary: SUMMARIES[command],
      tags: ['changes'],
      parameters: [idParameter],
      requestBody: jsonBody(schema(v.commandValidators[command])),
      responses: { 200: jsonAnswer('the change after the move', changeAnswer) },
      errors: { 404: 'no such change', 422: 'the change does not offer this move now, or the body is wrong' },
    })
  }
  for (const decision of ['approve', 'reject'] as const) {
    documentRoute('post', `/api/changes/{id}/${decision}`, {
      operationId: `${decision}Change`,
      summary: `Vote to ${decision} the change as a member of its board (${decision === 'reject' ? 'comment required' : 'comment optional'}); the quorum decides it`,
      tags: ['changes'],
      parameters: [idParameter],
      requestBody: jsonBody(schema(v.voteValidators[decision])),
      responses: { 200: jsonAnswer('the change with its votes', changeAnswer) },
      errors: { 403: 'not a member of the board deciding this change, or its requester (the attempt is audited)', 404: 'no such change', 422: 'the board does not vote on the change now, or the body is wrong' },
    })
  }
  documentRoute('get', '/api/changes/{id}/timeline', {
    operationId: 'getChangeTimeline',
    summary: "The change's timeline, oldest first: moves, votes, the board's decision, windows opened and ended, warnings",
    tags: ['changes'],
    parameters: [idParameter],
    responses: { 200: jsonAnswer('the timeline', listOf(timelineEntry)) },
  })
  documentRoute('get', '/api/changes/{id}/impact', {
    operationId: 'getChangeImpact',
    summary: "The change's impact derived from the inventory: links, the legacy lines behind an uplink, their agencies and information systems, within the reader's scope",
    tags: ['changes'],
    parameters: [idParameter],
    responses: { 200: jsonAnswer('the impact', impactSchema) },
  })
  documentRoute('get', '/api/changes/calendar', {
    operationId: 'getChangeCalendar',
    summary: 'The change calendar over [from, to) (at most 93 days): changes in scope with their conflicts, and the freeze periods that concern the reader',
    tags: ['changes'],
    parameters: [
      { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
      { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
    ],
    responses: { 200: jsonAnswer('the calendar', calendar) },
  })
}
