import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { messagesFor } from '#app/core/validation_messages'
import { documentRoute, orNull, record, t } from '#app/platform/openapi'
import { MONTH_PATTERN } from '#app/reports/monthly_figures'
import { carrierReport, carriersInScope, lastFullMonth } from '#app/carrier_contracts/carrier_report'
import { carrierReportCsv } from '#app/carrier_contracts/carrier_report_csv'

const reportQuery = vine.create({
  carrier: vine.string().trim().minLength(1).maxLength(100),
  month: vine.string().regex(MONTH_PATTERN).optional(),
})

async function reportOf(ctx: HttpContext) {
  const user = ctx.auth.user!
  await ctx.bouncer.authorize(act, 'carrier_reports', 'read')
  const query = await reportQuery.validate(ctx.request.qs(), { messagesProvider: messagesFor(user.locale) })
  return carrierReport(user, query.carrier, query.month ?? lastFullMonth())
}

router
  .group(() => {
    router.get('/api/reports/carriers', async (ctx) => {
      await ctx.bouncer.authorize(act, 'carrier_reports', 'read')
      return { carriers: await carriersInScope(ctx.auth.user!) }
    })
    router.get('/api/reports/carrier', (ctx) => reportOf(ctx))
    router.get('/api/reports/carrier.csv', async (ctx) => {
      const report = await reportOf(ctx)
      ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
      ctx.response.header('Content-Disposition', `attachment; filename="carrier-report-${report.month}.csv"`)
      return carrierReportCsv(report, ctx.auth.user!.locale)
    })
  })
  .use(middleware.auth())

const number = orNull(t.number)
const verdict = { enum: ['met', 'missed', 'no_data'] }
const parameters = [
  { name: 'carrier', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 100 }, description: "the carrier's name as the contracts give it" },
  { name: 'month', in: 'query', schema: { type: 'string', pattern: MONTH_PATTERN.source }, description: 'YYYY-MM (Taipei); the last whole month when left out' },
]
const line = record({
  contract_id: t.integer,
  contract_ref: t.string,
  link_id: t.integer,
  circuit_id: t.string,
  link_name: t.string,
  link_kind: { enum: ['legacy', 'uplink'] },
  agency_id: t.integer,
  agency_code: t.string,
  agency_name: t.string,
  promised: record({ availability_pct: t.number, latency_ms: t.number, latency_percentile: { enum: [50, 95, 99] }, loss_pct: t.number }),
  delivered: record({
    availability_pct: number, down_minutes: t.number, measured_minutes: t.number, scheduled_minutes: t.number,
    maintenance_minutes: t.number, coverage_pct: number, latency_ms: number, rtt_p50_ms: number, rtt_p95_ms: number,
    rtt_p99_ms: number, probe_buckets: t.integer, loss_pct: number, loss_p95_pct: number,
  }),
  verdict: record({ availability: verdict, latency: verdict, loss: verdict, overall: verdict }),
})

documentRoute('get', '/api/reports/carriers', {
  operationId: 'listReportCarriers',
  summary: 'The carriers named by the contracts in your agency scope',
  tags: ['reports'],
  responses: { 200: { description: 'carrier names', content: { 'application/json': { schema: record({ carriers: { type: 'array', items: t.string } }) } } } },
})

documentRoute('get', '/api/reports/carrier', {
  operationId: 'getCarrierReport',
  summary:
    "One carrier's month (Taipei): every line of its contracts in your agency scope, what was promised and what was delivered: availability outside maintenance windows, round-trip percentiles and loss from the probes, met or missed",
  tags: ['reports'],
  parameters,
  responses: {
    200: {
      description: 'the report',
      content: {
        'application/json': {
          schema: record({
            carrier: t.string, month: t.string, from: t.timestamp, to: t.timestamp, generated_at: t.timestamp,
            lines: { type: 'array', items: line },
            summary: record({ lines: t.integer, met: t.integer, missed: t.integer, no_data: t.integer }),
          }),
        },
      },
    },
  },
})

documentRoute('get', '/api/reports/carrier.csv', {
  operationId: 'getCarrierReportCsv',
  summary: 'The carrier report as a CSV file, one line per circuit, headers and verdicts in your language',
  tags: ['reports'],
  parameters,
  responses: { 200: { description: 'the report', content: { 'text/csv': { schema: { type: 'string' } } } } },
})
