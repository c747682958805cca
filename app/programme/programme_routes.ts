import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { messagesFor } from '#app/core/validation_messages'
import { documentRoute, jsonAnswer, jsonBody, listOf, orNull, record, t } from '#app/platform/openapi'
import { MONTH_PATTERN, monthOf } from '#app/reports/monthly_figures'
import { MEASURES } from '#app/programme/programme_maths'
import { FIGURES, listFigures, setFigure } from '#app/programme/programme_figures'
import { setTarget, targetHistory } from '#app/programme/programme_plan'
import { programmeReport, setComment } from '#app/programme/programme_report'
import { programmeCsv } from '#app/programme/programme_csv'
import { programmePdf } from '#app/programme/programme_pdf'
import { localeOf } from '#app/core/messages'

const id = () => vine.number().withoutDecimals().positive().max(2_147_483_647)
const year = () => vine.number().withoutDecimals().range([1990, 2100])
const amount = () => vine.number().min(0).max(999_999_999_999)

const targetQuery = vine.create({ measure: vine.enum(MEASURES).optional(), agency_id: id().optional(), year: year().optional(), national: vine.boolean().optional() })
const targetBody = vine.create({ measure: vine.enum(MEASURES), agency_id: id().nullable(), year: year(), baseline: amount(), target: amount() })
const figureQuery = vine.create({ agency_id: id().optional(), year: year().optional() })
const figureBody = vine.create({ agency_id: id(), year: year(), figure: vine.enum(FIGURES), value: amount() })
const reportQuery = vine.create({ month: vine.string().regex(MONTH_PATTERN).optional(), agency_id: id().optional(), format: vine.enum(['json', 'csv']).optional() })
const pdfQuery = vine.create({ month: vine.string().regex(MONTH_PATTERN).optional(), agency_id: id().optional(), lang: vine.enum(['en', 'zh-TW']).optional() })
const commentBody = vine.create({ month: vine.string().regex(MONTH_PATTERN), agency_id: id().nullable(), body: vine.string().trim().minLength(1).maxLength(4000) })

router
  .group(() => {
    router.get('/api/programme/targets', async ({ auth, bouncer, request }) => {
      const user = auth.user!
      await bouncer.authorize(act, 'programme_targets', 'read')
      const q = await targetQuery.validate(request.qs(), { messagesProvider: messagesFor(user.locale) })
      return targetHistory(user, { measure: q.measure, year: q.year, agency_id: q.national ? null : q.agency_id })
    })
    router.put('/api/programme/targets', async ({ auth, bouncer, request }) => {
      const user = auth.user!
      await bouncer.authorize(act, 'programme_targets', 'update')
      const body = await targetBody.validate(request.body(), { messagesProvider: messagesFor(user.locale) })
      return setTarget(user, body)
    })
    router.get('/api/programme/figures', async ({ auth, bouncer, request }) => {
      const user = auth.user!
      await bouncer.authorize(act, 'programme_figures', 'read')
      const q = await figureQuery.validate(request.qs(), { messagesProvider: messagesFor(user.locale) })
      return listFigures(user, q)
    })
    router.put('/api/programme/figures', async ({ auth, bouncer, request }) => {
      const user = auth.user!
      await bouncer.authorize(act, 'programme_figures', 'update')
      const body = await figureBody.validate(request.body(), { messagesProvider: messagesFor(user.locale) })
      return setFigure(user, body)
    })
    router.get('/api/reports/programme', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'programme_reviews', 'read')
      const q = await reportQuery.validate(ctx.request.qs(), { messagesProvider: messagesFor(user.locale) })
      const month = q.month ?? monthOf(new Date())
      const report = await programmeReport(user, month, q.agency_id)
      if (q.format !== 'csv') return report
      ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
      ctx.response.header('Content-Disposition', `attachment; filename="programme-${month}${report.scope.code ? `-${report.scope.agency_id}` : ''}.csv"`)
      return programmeCsv(report)
    })
    router.get('/api/reports/programme.pdf', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'programme_reviews', 'read')
      const q = await pdfQuery.validate(ctx.request.qs(), { messagesProvider: messagesFor(user.locale) })
      const month = q.month ?? monthOf(new Date())
      const locale = q.lang ?? localeOf(user.locale)
      // The report is made in the language the PDF is printed in: its notes are words too.
      const report = await programmeReport(user, month, q.agency_id, { locale })
      const pdf = await programmePdf(report, locale)
      ctx.response.header('Content-Type', 'application/pdf')
      ctx.response.header('Content-Disposition', `attachment; filename="programme-${month}${report.scope.agency_id ? `-${report.scope.agency_id}` : ''}-${locale}.pdf"`)
      return pdf
    })
    router.put('/api/reports/programme/comment', async ({ auth, bouncer, request }) => {
      const user = auth.user!
      await bouncer.authorize(act, 'programme_reviews', 'update')
      const body = await commentBody.validate(request.body(), { messagesProvider: messagesFor(user.locale) })
      return setComment(user, body.month, body.agency_id, body.body)
    })
  })
  .use(middleware.auth())

const { integer, number, string, timestamp, boolean } = t
const maybe = (s: Record<string, unknown>) => orNull(s)
const measure = { enum: [...MEASURES] }
const targetRow = record({
  id: integer, measure, agency_id: maybe(integer), year: integer, baseline: number, target: number,
  entered_by: maybe(integer), entered_at: timestamp, superseded_at: maybe(timestamp),
})
const monthParameter = { name: 'month', in: 'query', schema: { type: 'string', pattern: MONTH_PATTERN.source }, description: 'YYYY-MM (Taipei); the current month when left out' }

documentRoute('get', '/api/programme/targets', {
  operationId: 'listProgrammeTargets',
  summary: "Every version of the plan's yearly targets you may see (the nation's and your scope's ministries'), newest first; superseded versions carry superseded_at",
  tags: ['programme'],
  parameters: [
    { name: 'measure', in: 'query', schema: measure },
    { name: 'agency_id', in: 'query', schema: integer },
    { name: 'national', in: 'query', schema: boolean, description: "true: the nation's plan only" },
    { name: 'year', in: 'query', schema: integer },
  ],
  responses: { 200: jsonAnswer('the versions', listOf(targetRow)) },
})
documentRoute('put', '/api/programme/targets', {
  operationId: 'setProgrammeTarget',
  summary: "Sets one year's target of one measure for the nation (agency_id null) or a ministry: the version in force is superseded, not overwritten",
  tags: ['programme'],
  requestBody: jsonBody(record({ measure, agency_id: maybe(integer), year: integer, baseline: number, target: number })),
  responses: { 200: jsonAnswer('the new version', targetRow) },
})
const figureRow = record({ id: integer, agency_id: integer, year: integer, figure: { enum: [...FIGURES] }, value: number, updated_at: timestamp })
documentRoute('get', '/api/programme/figures', {
  operationId: 'listProgrammeFigures',
  summary: 'What the agencies in your scope reported: certifications earned, spend baselines and savings (thousand NTD), per year',
  tags: ['programme'],
  parameters: [{ name: 'agency_id', in: 'query', schema: integer }, { name: 'year', in: 'query', schema: integer }],
  responses: { 200: jsonAnswer('the figures', listOf(figureRow)) },
})
documentRoute('put', '/api/programme/figures', {
  operationId: 'setProgrammeFigure',
  summary: "Enters or corrects one of an agency's yearly figures (your agency or one below it)",
  tags: ['programme'],
  requestBody: jsonBody(record({ agency_id: integer, year: integer, figure: { enum: [...FIGURES] }, value: number })),
  responses: { 200: jsonAnswer('the figure', figureRow) },
})
const forecast = maybe(record({ month: maybe(string), earliest: maybe(string), latest: maybe(string), pace: number, met: boolean }))
const tile = record({
  measure, allocation: { enum: ['national', 'allocated', 'derived'] }, baseline: maybe(number), year_target: maybe(number), final_target: maybe(number),
  final_year: maybe(integer), planned: maybe(number), actual: maybe(number), progress: maybe(number), behind: maybe(number),
  trend: listOf(record({ month: string, actual: maybe(number), planned: maybe(number) })), forecast,
})
export const programmeReportSchema = record({
  month: string,
  ended: boolean,
  source: { enum: ['month_end', 'audit_log', 'live', null] },
  scope: record({ agency_id: maybe(integer), code: maybe(string), name: maybe(string), name_en: maybe(string), level: integer, parent_id: maybe(integer) }),
  tiles: listOf(tile),
  ranking: listOf(record({
    agency_id: integer, code: string, name: string, name_en: maybe(string),
    data_centres: maybe(number), information_systems: maybe(number), agency_lines: maybe(number), behind: maybe(number),
  })),
  late_projects: listOf(record({
    id: integer, code: string, name: string, kind: string, agency_id: integer, status: string, owner: maybe(string), blockers: maybe(string),
    change_id: maybe(integer), planned_date: string, actual_date: maybe(string),
  })),
  projects: listOf(record({
    id: integer, code: string, name: string, kind: string, agency_id: integer, status: string, wave: integer, source_data_centre_id: maybe(integer),
    systems: maybe(string), started: string, planned_date: string, actual_date: maybe(string), slipped: boolean,
  })),
  data_centres: listOf(record({
    id: integer, code: string, name: string, status: string, closure_date: maybe(string), receiving: maybe(record({ code: string, name: string })),
    projects: listOf(integer), systems: listOf(record({ id: integer, code: string, name: string, status: string })),
  })),
  today: string,
  service: record({
    uplink_availability_percent: maybe(number), uplinks: integer, uplink_minutes_down: integer, incidents_opened: integer,
    incidents_by_priority: record({ P1: integer, P2: integer, P3: integer, P4: integer }), mean_minutes_to_restore: maybe(number),
    sla_respond_percent: maybe(number), sla_resolve_percent: maybe(number), change_success_percent: maybe(number),
  }),
  security: record({
    targets: record({ reported_in_time_percent: number, major_response_minutes: number }),
    opened: integer, reported_percent: maybe(number), reported_in_time_percent: maybe(number), major: integer, major_answered_percent: maybe(number),
  }),
  comment: maybe(record({ body: string, written_at: timestamp, written_by: maybe(integer) })),
  notes: listOf(string),
})
documentRoute('get', '/api/reports/programme', {
  operationId: 'getProgrammeReview',
  summary:
    "The CIO's programme review for a month and a scope (your own when agency_id is left out): each measure against its yearly target with its trend and forecast, the scopes below ranked by how far behind plan they are, the month's service and security figures, and the CIO's comment. Past months read their month-end snapshots",
  tags: ['reports', 'programme'],
  parameters: [
    monthParameter,
    { name: 'agency_id', in: 'query', schema: integer, description: 'a ministry or agency in your scope; the nation (national users) or your agency when left out' },
    { name: 'format', in: 'query', schema: { enum: ['json', 'csv'] }, description: 'csv: one figure a line (section, item, figure, value)' },
  ],
  responses: {
    200: { description: 'the review', content: { 'application/json': { schema: programmeReportSchema }, 'text/csv': { schema: { type: 'string' } } } },
  },
})
documentRoute('get', '/api/reports/programme.pdf', {
  operationId: 'getProgrammeReviewPdf',
  summary: "The same review as a PDF to hand out at a meeting, printed by headless Chromium in the reader's language (or `lang`)",
  tags: ['reports', 'programme'],
  parameters: [monthParameter, { name: 'agency_id', in: 'query', schema: integer }, { name: 'lang', in: 'query', schema: { enum: ['en', 'zh-TW'] } }],
  responses: { 200: { description: 'the PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } } },
})
documentRoute('put', '/api/reports/programme/comment', {
  operationId: 'setProgrammeComment',
  summary: "Writes the CIO's comment on a month's review of a scope you hold (agency_id null: the nation)",
  tags: ['reports', 'programme'],
  requestBody: jsonBody(record({ month: string, agency_id: maybe(integer), body: string })),
  responses: { 200: jsonAnswer('the comment', record({ body: string, written_at: timestamp, written_by: maybe(integer) })) },
})
