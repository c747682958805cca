import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { idOf } from '#app/core/resource_routes'
import { present } from '#app/core/resource'
import { incidentResource } from '#app/incidents/incident_resource'
import { gradeIncident, sendAuthorityReport } from '#app/security_grading/security_grading_service'
import { authorityReport } from '#app/security_grading/authority_report'
import { assessmentSchema, legalClockSchema } from '#app/security_grading/security_answer_schema'
import { AFFECTED_SYSTEMS, AVAILABILITY_IMPACTS, CLASSIFIED_DATA, DATA_IMPACTS, SECURITY_LEVELS } from '#shared/security_grading'
import { documentRoute, idParameter, jsonAnswer, jsonBody, listOf, orNull, record, t } from '#app/platform/openapi'

/**
 * A security incident's grading and its report to the authority, as commands beside the
 * incident's moves (incident_routes.ts): who may give them is the incident service's answer
 * (scope, the role that works security incidents) plus the incidents' update right.
 */

const instant = () => vine.date({ formats: ['iso8601'] })

export const gradeValidator = vine.create({
  assessment: vine.object({
    systems: vine.enum(AFFECTED_SYSTEMS),
    confidentiality: vine.enum(DATA_IMPACTS),
    integrity: vine.enum(DATA_IMPACTS),
    availability: vine.enum(AVAILABILITY_IMPACTS),
    classified: vine.enum(CLASSIFIED_DATA),
  }),
  // Left out: the level the assessment proposes.
  level: vine.enum(SECURITY_LEVELS).nullable().optional(),
  reason: vine.string().trim().minLength(3).maxLength(20000).nullable().optional(),
  aware_at: instant().nullable().optional(),
})

export const reportSendValidator = vine.create({
  note: vine.string().trim().minLength(1).maxLength(20000).nullable().optional(),
})

const notFound = (ctx: HttpContext): never => {
  throw new NotFoundError(message('record.not_found', { resource: 'incidents', id: ctx.params.id }))
}

router
  .group(() => {
    router.post('/api/incidents/:id/grade', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'incidents', 'update')
      const id = await idOf(ctx, incidentResource)
      const input = await ctx.request.validateUsing(gradeValidator, { messagesProvider: messagesFor(user.locale) })
      const row = await gradeIncident(user, id, {
        assessment: input.assessment, level: input.level ?? null, reason: input.reason ?? null, awareAt: input.aware_at ?? null,
      })
      return row ? present(incidentResource, row, user) : notFound(ctx)
    })

    router.get('/api/incidents/:id/authority_report', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'incidents', 'read')
      const report = await authorityReport(user, await idOf(ctx, incidentResource))
      return report ?? notFound(ctx)
    })

    router.post('/api/incidents/:id/authority_report/send', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'incidents', 'update')
      const id = await idOf(ctx, incidentResource)
      const input = await ctx.request.validateUsing(reportSendValidator, { messagesProvider: messagesFor(user.locale) })
      const row = await sendAuthorityReport(user, id, input.note ?? null)
      return row ? present(incidentResource, row, user) : notFound(ctx)
    })
  })
  .use(middleware.auth())

const incidentAnswer = { $ref: '#/components/schemas/Incident' }
const person = record({ name: t.string, email: t.string })

documentRoute('post', '/api/incidents/{id}/grade', {
  operationId: 'gradeIncident',
  summary:
    "Grade a security incident (資通安全事件等級 1–4) from a guided assessment of confidentiality, integrity and availability on non-core, core and critical-infrastructure systems: the level it proposes, or the one given with a reason. An agency liaison's grading stands as proposed; a G-ISAC analyst's or admin's is the authority's review. aware_at moves the legal clocks' start earlier than the opening. A timeline entry and an audit row",
  tags: ['incidents'],
  parameters: [idParameter],
  requestBody: jsonBody(gradeValidator.toJSONSchema() as Record<string, unknown>),
  responses: { 200: jsonAnswer('the incident, graded', incidentAnswer) },
  errors: {
    403: 'your role does not work security incidents (NOC) or may not change incidents (CIO, auditor)',
    404: 'no such incident',
    422: 'not a security incident, closed or cancelled, no harm and no level, a level unlike the assessment\'s without a reason, or the body is wrong',
  },
})

documentRoute('get', '/api/incidents/{id}/authority_report', {
  operationId: 'getAuthorityReport',
  summary:
    'The notification record for the competent authority, made from the security incident: agency, contact and liaisons, time of awareness, level and assessment, systems affected, impact, measures taken (notes, work logs, moves with a reason), each report sent, and the legal clocks',
  tags: ['incidents'],
  parameters: [idParameter],
  responses: {
    200: jsonAnswer('the report', record({
      incident: record({
        id: t.integer, number: t.string, title: t.string, status: t.string, priority: t.string,
        opened_at: t.timestamp, resolved_at: orNull(t.timestamp), closed_at: orNull(t.timestamp),
      }),
      agency: orNull(record({ id: t.integer, code: t.string, name: t.string, name_en: orNull(t.string) })),
      contact: orNull(person),
      liaisons: listOf(person),
      aware_at: t.timestamp,
      level: { enum: [...SECURITY_LEVELS, null] },
      level_reviewed: t.boolean,
      assessment: { oneOf: [{ type: 'null' }, assessmentSchema] },
      proposed_level: { enum: [...SECURITY_LEVELS, null] },
      systems_affected: listOf(record({ id: t.integer, code: t.string, name: t.string, core: t.boolean, category: t.string, status: t.string })),
      other_items: listOf(record({ item_type: t.string, item_id: t.integer })),
      impact: orNull(t.string),
      measures_taken: listOf(record({ at: t.timestamp, by: t.string, text: t.string })),
      resolution: orNull(t.string),
      reports: listOf(record({ at: t.timestamp, by: t.string, note: orNull(t.string) })),
      sent_at: orNull(t.timestamp),
      legal_clocks: { type: ['array', 'null'], items: legalClockSchema },
    })),
  },
  errors: { 404: 'no such incident', 422: 'not a security incident' },
})

documentRoute('post', '/api/incidents/{id}/authority_report/send', {
  operationId: 'sendAuthorityReport',
  summary:
    'Record that the report was sent to the competent authority, with the level it states: the report clock is met (a later change of level asks for a new report within the hour) and the review clock starts. A timeline entry and an audit row',
  tags: ['incidents'],
  parameters: [idParameter],
  requestBody: jsonBody(reportSendValidator.toJSONSchema() as Record<string, unknown>),
  responses: { 200: jsonAnswer('the incident', incidentAnswer) },
  errors: {
    403: 'your role does not work security incidents or may not change incidents',
    404: 'no such incident',
    422: 'not a security incident, not graded yet, closed or cancelled',
  },
})
