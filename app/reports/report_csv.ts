import { stringify } from 'csv-stringify/sync'
import { quoteFormula } from '#app/imports/spreadsheet_formulas'
import type { ServiceReport } from '#app/reports/service_report'

/**
 * The monthly figures as a CSV file, one figure a line (figure, breakdown, value), so a
 * spreadsheet can chart them. Agency names are what agencies typed: every cell is made safe
 * from formulas (imports/spreadsheet_formulas.ts). An empty value is a figure left out.
 */
export function reportCsv(report: ServiceReport): string {
  const lines: Array<[string, string, number | string | null]> = [
    ['month', '', report.month],
    ['incidents_opened', '', report.incidents.opened],
    ['incidents_resolved', '', report.incidents.resolved],
  ]
  for (const [priority, n] of Object.entries(report.incidents.by_priority)) lines.push(['incidents_by_priority', priority, n])
  for (const a of report.incidents.by_agency) lines.push(["incidents_by_agency", `${a.name} (${a.code})`, a.opened])
  for (const g of report.incidents.by_group ?? []) lines.push(['incidents_by_group', String(g.group_id ?? ''), g.opened])
  lines.push(
    ['mean_minutes_to_acknowledge', '', report.incidents.mean_minutes_to_acknowledge],
    ['mean_minutes_to_resolve', '', report.incidents.mean_minutes_to_resolve],
  )
  const sla = report.incidents.sla as { respond: { percent: number | null }; resolve: { percent: number | null } } | null
  lines.push(['sla_respond_met_percent', '', sla?.respond.percent ?? null], ['sla_resolve_met_percent', '', sla?.resolve.percent ?? null])
  lines.push(
    ['problems_opened', '', report.problems.opened],
    ['problems_resolved', '', report.problems.resolved],
    ['problems_closed', '', report.problems.closed],
    ['change_success_percent', '', report.changes?.success_percent ?? null],
    ['emergency_change_percent', '', report.changes?.emergency_percent ?? null],
  )
  for (const note of report.notes) lines.push(['note', note, null])
  const cells = lines.map((line) => line.map((v) => (v === null ? '' : quoteFormula(String(v)))))
  // The byte order mark makes spreadsheet programs read the file as UTF-8 (Chinese names).
  return '\uFEFF' + stringify([['figure', 'breakdown', 'value'], ...cells])
}
