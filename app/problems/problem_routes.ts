import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { idOf, notFound } from '#app/core/resource_routes'
import { findRow, present } from '#app/core/resource'
import { problemResource } from '#app/problems/problem_resource'
import { linkIncident, runProblemCommand, unlinkIncident, type ProblemCommandBody } from '#app/problems/problem_service'
import { problemTimelineOf, PROBLEM_TIMELINE_KINDS } from '#app/problems/problem_timeline'
import { timelineEntrySchema } from '#app/core/timeline_openapi'
import { PROBLEM_COMMANDS, PROBLEM_STATUSES, type ProblemCommand } from '#shared/problem_lifecycle'
import { documentRoute, idParameter, jsonAnswer, jsonBody, listOf, record, t } from '#app/platform/openapi'

/** A problem's workflow as commands (one route per move), the incidents it groups, and its timeline. */

const text = vine.string().trim().minLength(3).maxLength(20000)
const optionalNote = { note: vine.string().trim().minLength(1).maxLength(20000).nullable().optional() }

const commandValidators: Record<ProblemCommand, ReturnType<typeof vine.create>> = {
  investigate: vine.create({ ...optionalNote }),
  identify: vine.create({ root_cause: text.clone(), workaround: text.clone() }),
  resolve: vine.create({ resolution: text.clone(), resolve_incidents: vine.boolean({ strict: true }).optional() }),
  close: vine.create({ ...optionalNote }),
  reopen: vine.create({ reason: text.clone() }),
  cancel: vine.create({ reason: text.clone() }),
}
const linkValidator = vine.create({ incident_id: vine.number().withoutDecimals().positive().max(2147483647) })

function bodyOf(command: ProblemCommand, input: Record<string, any>): ProblemCommandBody {
  switch (command) {
    case 'identify':
      return { command, rootCause: input.root_cause, workaround: input.workaround }
    case 'resolve':
      return { command, resolution: input.resolution, resolveIncidents: input.resolve_incidents === true }
    case 'reopen':
    case 'cancel':
      return { command, reason: input.reason }
    default:
      return { command, note: input.note }
  }
}


/** The incident id of an unlink's path: past the column's range it cannot be linked. */
function incidentIdOf(ctx: HttpContext) {
  const raw = String(ctx.params.incident_id)
  const id = Number(raw)
  if (!/^\d{1,10}$/.test(raw) || id <= 0) throw new FieldError('incident_id', message('record.id_positive'))
  if (id > 2147483647) throw new FieldError('incident_id', message('problems.incident_unknown', { id }))
  return id
}

router
  .group(() => {
    for (const command of PROBLEM_COMMANDS) {
      router.post(`/api/problems/:id/${command}`, async (ctx) => {
        const user = ctx.auth.user!
        await ctx.bouncer.authorize(act, 'problems', 'update')
        const id = await idOf(ctx, problemResource)
        const input = await ctx.request.validateUsing(commandValidators[command], { messagesProvider: messagesFor(user.locale) })
        const done = await runProblemCommand(user, id, bodyOf(command, input))
        if (!done) return notFound(ctx, problemResource)
        const problem = await present(problemResource, done.row, user)
        return command === 'resolve' ? { problem, incidents: done.incidents } : problem
      })
    }

    router.post('/api/problems/:id/incidents', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'problems', 'update')
      const id = await idOf(ctx, problemResource)
      const input = await ctx.request.validateUsing(linkValidator, { messagesProvider: messagesFor(user.locale) })
      const row = await linkIncident(user, id, input.incident_id)
      return row ? present(problemResource, row, user) : notFound(ctx, problemResource)
    })

    router.delete('/api/problems/:id/incidents/:incident_id', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'problems', 'update')
      const id = await idOf(ctx, problemResource)
      const row = await unlinkIncident(user, id, incidentIdOf(ctx))
      return row ? present(problemResource, row, user) : notFound(ctx, problemResource)
    })

    router.get('/api/problems/:id/timeline', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'problems', 'read')
      const id = await idOf(ctx, problemResource)
      if (!(await findRow(problemResource, user, id))) return notFound(ctx, problemResource)
      return problemTimelineOf(id, user.locale)
    })
  })
  .use(middleware.auth())

const problemAnswer = { $ref: '#/components/schemas/Problem' }

const COMMAND_SUMMARIES: Record<ProblemCommand, string> = {
  investigate: 'Start investigating a new problem',
  identify: 'Record the root cause and the workaround: the problem becomes a known error the service desk can search (again from known_error to amend the record)',
  resolve: 'Resolve the problem, saying how (resolution); with resolve_incidents true, also resolve each open incident it groups that you may work, with the same resolution. Answers the problem and how many incidents were open and were resolved',
  close: 'Close a resolved problem',
  reopen: 'Reopen a resolved problem, saying why (reason): it is investigated again',
  cancel: 'Cancel a problem raised in error, saying why (reason)',
}
const resolveAnswer = record({
  problem: problemAnswer,
  incidents: record({
    open: { ...t.integer, description: 'incidents of the problem that were open' },
    resolved: { ...t.integer, description: 'of those, resolved with it (resolve_incidents true, within your scope and role)' },
  }),
})
for (const command of PROBLEM_COMMANDS) {
  documentRoute('post', `/api/problems/{id}/${command}`, {
    operationId: `${command}Problem`,
    summary: COMMAND_SUMMARIES[command],
    tags: ['problems'],
    parameters: [idParameter],
    requestBody: jsonBody(commandValidators[command].toJSONSchema() as Record<string, unknown>),
    responses: { 200: jsonAnswer('the problem after the move', command === 'resolve' ? resolveAnswer : problemAnswer) },
    errors: { 404: 'no such problem', 422: 'the problem does not offer this move now, or the body is wrong' },
  })
}
documentRoute('post', '/api/problems/{id}/incidents', {
  operationId: 'linkProblemIncident',
  summary: "File an incident under the problem (moving it from another problem it was filed under); an agency's problem groups only incidents of its agency and those below it",
  tags: ['problems'],
  parameters: [idParameter],
  requestBody: jsonBody(linkValidator.toJSONSchema() as Record<string, unknown>),
  responses: { 200: jsonAnswer('the problem', problemAnswer) },
  errors: { 403: 'your role does not work this type of incident', 404: 'no such problem', 422: 'no such incident within your scope, one outside the problem\'s agency, or a problem that groups no more incidents' },
})
documentRoute('delete', '/api/problems/{id}/incidents/{incident_id}', {
  operationId: 'unlinkProblemIncident',
  summary: 'Take an incident out of the problem',
  tags: ['problems'],
  parameters: [idParameter, { name: 'incident_id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
  responses: { 200: jsonAnswer('the problem', problemAnswer) },
  errors: { 403: 'your role does not work this type of incident', 404: 'no such problem', 422: 'the incident is not filed under this problem' },
})
documentRoute('get', '/api/problems/{id}/timeline', {
  operationId: 'getProblemTimeline',
  summary: "The problem's timeline, oldest first: each move, the known-error record, incidents linked and unlinked, with who and when",
  tags: ['problems'],
  parameters: [idParameter],
  responses: {
    200: jsonAnswer('the timeline', listOf(timelineEntrySchema({
      kinds: PROBLEM_TIMELINE_KINDS, statuses: PROBLEM_STATUSES, body: 'a note, a resolution, a reason',
    }))),
  },
  errors: { 404: 'no such problem' },
})
