import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { messagesFor } from '#app/core/validation_messages'
import { documentRoute, orNull, t } from '#app/platform/openapi'
import { MONTH_PATTERN, monthOf } from '#app/reports/monthly_figures'
import { serviceReport } from '#app/reports/service_report'
import { reportCsv } from '#app/reports/report_csv'

const reportQuery = vine.create({
  month: vine.string().regex(MONTH_PATTERN).optional(),
  format: vine.enum(['json', 'csv']).optional(),
})

router
  .get('/api/reports/service_management', async (ctx) => {
    const user = ctx.auth.user!
    await ctx.bouncer.authorize(act, 'service_reports', 'read')
    const query = await reportQuery.validate(ctx.request.qs(), { messagesProvider: messagesFor(user.locale) })
    const month = query.month ?? monthOf(new Date())
    const report = await serviceReport(user, month)
    if (query.format !== 'csv') return report
    ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
    ctx.response.header('Content-Disposition', `attachment; filename="service-management-${month}.csv"`)
    return reportCsv(report)
  })
  .use(middleware.auth())

const count = t.integer
const orNullNumber = orNull(t.number)
const deadline = { type: 'object', required: ['counted', 'met', 'percent'], additionalProperties: false, properties: { counted: count, met: count, percent: orNullNumber } }
const closed = (properties: Record<string, unknown>) => ({ type: 'object', required: Object.keys(properties), additionalProperties: false, properties })

documentRoute('get', '/api/reports/service_management', {
  operationId: 'getServiceManagementReport',
  summary:
    "The month's service-management figures over your agency scope (Taipei months): incidents by priority, agency and group, mean minutes to acknowledge and to resolve (time on hold excluded), SLA compliance, problems opened, resolved and closed, change success rate and share of emergency changes. A figure that cannot be made yet is null and `notes` says why",
  tags: ['reports'],
  parameters: [
    { name: 'month', in: 'query', schema: { type: 'string', pattern: MONTH_PATTERN.source }, description: 'YYYY-MM; the current month when left out' },
    { name: 'format', in: 'query', schema: { enum: ['json', 'csv'] }, description: 'csv: one figure a line (figure, breakdown, value)' },
  ],
  responses: {
    200: {
      description: 'the figures',
      content: {
        'application/json': {
          schema: closed({
            month: t.string,
            from: t.timestamp,
            to: t.timestamp,
            incidents: closed({
              opened: count,
              resolved: count,
              by_priority: closed({ P1: count, P2: count, P3: count, P4: count }),
              by_agency: { type: 'array', items: closed({ agency_id: count, code: t.string, name: t.string, opened: count }) },
              by_group: orNull({ type: 'array', items: closed({ group_id: orNull(count), opened: count }) }),
              mean_minutes_to_acknowledge: orNullNumber,
              mean_minutes_to_resolve: orNullNumber,
              sla: orNull(closed({ respond: deadline, resolve: deadline })),
            }),
            problems: closed({ opened: count, resolved: count, closed: count }),
            changes: orNull(closed({
              planned: count, finished: count, succeeded: count, success_percent: orNullNumber, emergency: count, emergency_percent: orNullNumber,
            })),
            notes: { type: 'array', items: t.string },
          }),
        },
        'text/csv': { schema: { type: 'string' } },
      },
    },
  },
})
