import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { idOf } from '#app/core/resource_routes'
import { findRow, present } from '#app/core/resource'
import { incidentResource } from '#app/incidents/incident_resource'
import { addNote, assigneesOf, runCommand, type CommandBody } from '#app/incidents/incident_service'
import type Incident from '#app/incidents/incident'
import { timelineFor, TIMELINE_KINDS } from '#app/incidents/incident_timeline'
import { timelineEntrySchema } from '#app/core/timeline_openapi'
import { HOLD_REASONS, INCIDENT_COMMANDS, INCIDENT_STATUSES, type IncidentCommand } from '#shared/incident_lifecycle'
import { documentRoute, idParameter, jsonAnswer, jsonBody, listOf, orNull, record, t } from '#app/platform/openapi'
import '#app/incidents/service_desk_routes'

/**
 * The incident's workflow as commands: one route per move, each with its own body, and notes
 * and the timeline. The descriptive fields are edited through the generic resource routes.
 */

const note = vine.string().trim().minLength(1).maxLength(20000)
const optionalNote = { note: note.clone().nullable().optional() }
const reason = vine.string().trim().minLength(3).maxLength(20000)

const commandValidators: Record<IncidentCommand, ReturnType<typeof vine.create>> = {
  assign: vine.create({
    assignee_id: vine.number().withoutDecimals().positive().max(2147483647).nullable(),
    // Left out: the group stays; null: the incident leaves its group's queue.
    group_id: vine.number().withoutDecimals().positive().max(2147483647).nullable().optional(),
    ...optionalNote,
  }),
  start: vine.create({ ...optionalNote }),
  hold: vine.create({ reason: vine.enum(HOLD_REASONS), ...optionalNote }),
  resolve: vine.create({ resolution: reason.clone(), resolve_children: vine.boolean().optional() }),
  close: vine.create({ ...optionalNote }),
  reopen: vine.create({ reason: reason.clone() }),
  cancel: vine.create({ reason: reason.clone() }),
}

const assigneeSearch = vine.create({ q: vine.string().trim().maxLength(100).optional() })

const noteValidator = vine.create({
  body: note.clone(),
  minutes_spent: vine.number().withoutDecimals().range([1, 24 * 60]).nullable().optional(),
})

function bodyOf(command: IncidentCommand, input: Record<string, any>): CommandBody {
  switch (command) {
    case 'assign':
      return { command, assigneeId: input.assignee_id, groupId: input.group_id, note: input.note }
    case 'hold':
      return { command, reason: input.reason, note: input.note }
    case 'resolve':
      return { command, resolution: input.resolution, resolveChildren: input.resolve_children ?? false }
    case 'reopen':
    case 'cancel':
      return { command, reason: input.reason }
    default:
      return { command, note: input.note }
  }
}

const notFound = (ctx: HttpContext): never => {
  throw new NotFoundError(message('record.not_found', { resource: 'incidents', id: ctx.params.id }))
}

router
  .group(() => {
    for (const command of INCIDENT_COMMANDS) {
      router.post(`/api/incidents/:id/${command}`, async (ctx) => {
        const user = ctx.auth.user!
        await ctx.bouncer.authorize(act, 'incidents', 'update')
        const id = await idOf(ctx, incidentResource)
        const input = await ctx.request.validateUsing(commandValidators[command], { messagesProvider: messagesFor(user.locale) })
        const row = await runCommand(user, id, bodyOf(command, input))
        return row ? present(incidentResource, row, user) : notFound(ctx)
      })
    }

    router.post('/api/incidents/:id/notes', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'incidents', 'update')
      const id = await idOf(ctx, incidentResource)
      const input = await ctx.request.validateUsing(noteValidator, { messagesProvider: messagesFor(user.locale) })
      const row = await addNote(user, id, { body: input.body, minutesSpent: input.minutes_spent ?? null })
      if (!row) return notFound(ctx)
      ctx.response.status(201)
      return timelineFor(id, user)
    })

    // Those who work incidents pick a colleague by name without the right to list every account.
    router.get('/api/incidents/:id/assignees', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'incidents', 'update')
      const row = (await findRow(incidentResource, user, await idOf(ctx, incidentResource))) as Incident | null
      if (!row) return notFound(ctx)
      const { q } = await ctx.request.validateUsing(assigneeSearch, { data: ctx.request.qs(), messagesProvider: messagesFor(user.locale) })
      return assigneesOf(row, q ?? null)
    })

    router.get('/api/incidents/:id/timeline', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'incidents', 'read')
      const id = await idOf(ctx, incidentResource)
      if (!(await findRow(incidentResource, user, id))) return notFound(ctx)
      return timelineFor(id, user)
    })
  })
  .use(middleware.auth())

const timelineEntry = timelineEntrySchema({
  kinds: TIMELINE_KINDS, statuses: INCIDENT_STATUSES, body: 'a note, a resolution, a reason', workLogs: true,
})
const incidentAnswer = { $ref: '#/components/schemas/Incident' }

const COMMAND_SUMMARIES: Record<IncidentCommand, string> = {
  assign:
    'Hand the incident to someone (assignee_id; null takes it back) and, with group_id, to an assignment group (the assignee must be one of its members; null leaves the group): a new incident becomes assigned, one being worked keeps its status',
  start: 'Start work on the incident, or resume it after a hold',
  hold: 'Put the incident on hold (reason: requester, supplier, change or other); its SLA clock stops',
  resolve:
    'Resolve the incident, saying how (resolution); a major incident with resolve_children: true resolves each of its open children the person may work with the same resolution (the answer\'s open_children counts those left)',
  close: 'Close a resolved incident',
  reopen: 'Reopen a resolved incident, saying why (reason); its resolve clock continues',
  cancel: 'Cancel an incident that was raised in error, saying why (reason)',
}
for (const command of INCIDENT_COMMANDS) {
  documentRoute('post', `/api/incidents/{id}/${command}`, {
    operationId: `${command}Incident`,
    summary: COMMAND_SUMMARIES[command],
    tags: ['incidents'],
    parameters: [idParameter],
    requestBody: jsonBody(commandValidators[command].toJSONSchema() as Record<string, unknown>),
    responses: { 200: jsonAnswer('the incident after the move', incidentAnswer) },
    errors: { 403: 'your role does not work this type of incident', 404: 'no such incident', 422: 'the incident does not offer this move now, or the body is wrong' },
  })
}
documentRoute('post', '/api/incidents/{id}/notes', {
  operationId: 'addIncidentNote',
  summary: 'Write a note on the incident, or a work log when minutes_spent is given; answers the timeline',
  tags: ['incidents'],
  parameters: [idParameter],
  requestBody: jsonBody(noteValidator.toJSONSchema() as Record<string, unknown>),
  responses: { 201: jsonAnswer('the timeline, oldest first', listOf(timelineEntry)) },
  errors: { 403: 'your role does not work this type of incident', 404: 'no such incident' },
})
documentRoute('get', '/api/incidents/{id}/assignees', {
  operationId: 'listIncidentAssignees',
  summary: 'Who the incident may be handed to: active accounts whose role works its type and whose scope holds its agency, by name (q searches names and e-mails), at most 200',
  tags: ['incidents'],
  parameters: [idParameter, { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 } }],
  responses: {
    200: jsonAnswer('the accounts', listOf(record({ id: t.integer, name: t.string, email: t.string, role: t.string, agency_id: orNull(t.integer) }))),
  },
  errors: { 404: 'no such incident' },
})
documentRoute('get', '/api/incidents/{id}/timeline', {
  operationId: 'getIncidentTimeline',
  summary: "The incident's timeline, oldest first: each move, assignment, note, work log, priority change and what monitoring saw, with who and when",
  tags: ['incidents'],
  parameters: [idParameter],
  responses: { 200: jsonAnswer('the timeline', listOf(timelineEntry)) },
  errors: { 404: 'no such incident' },
})
