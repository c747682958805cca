import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { stringify } from 'csv-stringify/sync'
import type User from '#app/access/user'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { scopeCondition } from '#app/access/scope'
import { messagesFor } from '#app/core/validation_messages'
import { quoteFormula } from '#app/imports/spreadsheet_formulas'
import { documentRoute, listOf, orNull, record, t } from '#app/platform/openapi'
import { MONTH_PATTERN, monthBounds, monthOf } from '#app/reports/monthly_figures'
import { legalTerms } from '#app/security_grading/incident_legal_clocks'
import { DEFAULT_LEGAL_TERMS } from '#app/security_grading/legal_clocks'
import { MAJOR_RESPONSE_MINUTES, REPORTING_TARGET_PERCENT, securityKpis, type KpiFigures } from '#app/security_grading/security_kpis'

const kpiQuery = vine.create({
  month: vine.string().regex(MONTH_PATTERN).optional(),
  format: vine.enum(['json', 'csv']).optional(),
})

/** The month's figures over the reader's agency scope (Taipei months, by the incident's opening). */
export async function securityKpiReport(user: User, month: string) {
  const { from, to } = monthBounds(month)
  const scope = scopeCondition(user, 'i.agency_id')
  const { rows } = await db.rawQuery(
    `SELECT i.agency_id, coalesce(i.aware_at, i.opened_at) AS aware_at, i.opened_at, i.security_level AS level, i.acknowledged_at,
            (SELECT min(t.at) FROM incident_timeline t WHERE t.incident_id = i.id AND t.kind = 'authority_report') AS first_report_at
     FROM incidents i
     WHERE i.type = 'security' AND i.status <> 'cancelled' AND i.opened_at >= ? AND i.opened_at < ? AND ${scope.sql}`,
    [from, to, ...scope.bindings]
  )
  const terms = (await legalTerms()).find((p) => p.clock === 'report') ?? DEFAULT_LEGAL_TERMS[0]
  const figures = securityKpis(
    rows.map((r: Record<string, any>) => ({
      agency_id: r.agency_id, aware_at: new Date(r.aware_at), opened_at: new Date(r.opened_at), level: r.level,
      first_report_at: r.first_report_at ? new Date(r.first_report_at) : null, acknowledged_at: r.acknowledged_at ? new Date(r.acknowledged_at) : null,
    })),
    terms
  )
  const agencies = figures.by_agency.length
    ? await db.from('agencies').whereIn('id', figures.by_agency.map((a) => a.agency_id)).select('id', 'code', 'name')
    : []
  const named = new Map(agencies.map((a) => [a.id, a]))
  return {
    month,
    from: from.toISOString(),
    to: to.toISOString(),
    targets: { reported_in_time_percent: REPORTING_TARGET_PERCENT, major_response_minutes: MAJOR_RESPONSE_MINUTES },
    total: figures.total,
    by_agency: figures.by_agency.map((a) => ({ ...a, code: named.get(a.agency_id)?.code ?? '', name: named.get(a.agency_id)?.name ?? '' })),
  }
}

const FIGURES: Array<keyof KpiFigures> = [
  'opened', 'reported', 'reported_in_time', 'reported_percent', 'reported_in_time_percent', 'major', 'major_answered_in_time', 'major_answered_percent',
]

/** One line per agency and a total line; every cell safe from spreadsheet formulas (agency names are typed by people). */
export function kpiCsv(report: Awaited<ReturnType<typeof securityKpiReport>>) {
  const line = (code: string, name: string, f: KpiFigures) => [report.month, code, name, ...FIGURES.map((k) => (f[k] === null ? '' : String(f[k])))]
  const lines = [...report.by_agency.map((a) => line(a.code, a.name, a)), line('', 'total', report.total)]
  return '\uFEFF' + stringify([['month', 'agency_code', 'agency_name', ...FIGURES], ...lines.map((l) => l.map(quoteFormula))])
}

router
  .get('/api/security_kpis', async (ctx) => {
    const user = ctx.auth.user!
    await ctx.bouncer.authorize(act, 'security_kpis', 'read')
    const query = await kpiQuery.validate(ctx.request.qs(), { messagesProvider: messagesFor(user.locale) })
    const month = query.month ?? monthOf(new Date())
    const report = await securityKpiReport(user, month)
    if (query.format !== 'csv') return report
    ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
    ctx.response.header('Content-Disposition', `attachment; filename="security-kpis-${month}.csv"`)
    return kpiCsv(report)
  })
  .use(middleware.auth())

const count = t.integer
const share = orNull(t.number)
const figures = {
  opened: count, reported: count, reported_in_time: count, reported_percent: share, reported_in_time_percent: share,
  major: count, major_answered_in_time: count, major_answered_percent: share,
}

documentRoute('get', '/api/security_kpis', {
  operationId: 'getSecurityKpis',
  summary:
    "The programme's two security KPIs for a month (Taipei, by opening) over your agency scope, in total and per agency: the intrusion-alert reporting rate (security incidents not cancelled whose first report to the authority went within the legal report clock of awareness; target 85%; the share reported at all beside it) and the share of major incidents (levels 3–4) taken in hand within 3 hours of opening. A share is null when there is nothing to count",
  tags: ['reports'],
  parameters: [
    { name: 'month', in: 'query', schema: { type: 'string', pattern: MONTH_PATTERN.source }, description: 'YYYY-MM; the current month when left out' },
    { name: 'format', in: 'query', schema: { enum: ['json', 'csv'] }, description: 'csv: one line per agency and a total line' },
  ],
  responses: {
    200: {
      description: 'the figures',
      content: {
        'application/json': {
          schema: record({
            month: t.string,
            from: t.timestamp,
            to: t.timestamp,
            targets: record({ reported_in_time_percent: t.number, major_response_minutes: t.integer }),
            total: record(figures),
            by_agency: listOf(record({ agency_id: count, code: t.string, name: t.string, ...figures })),
          }),
        },
        'text/csv': { schema: { type: 'string' } },
      },
    },
  },
})
