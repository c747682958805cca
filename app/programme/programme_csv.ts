import { stringify } from 'csv-stringify/sync'
import { quoteFormula } from '#app/imports/spreadsheet_formulas'
import type { ProgrammeReport } from '#app/programme/programme_report'

/**
 * The review as a CSV file, one figure a line (section, item, figure, value), the same figures
 * as the JSON. Agency names and the comment are typed by people: every cell is made safe from
 * formulas. An empty value is a figure the month does not have.
 */
export function programmeCsv(report: ProgrammeReport): string {
  const lines: Array<[string, string, string, number | string | null]> = [
    ['review', '', 'month', report.month],
    ['review', '', 'scope', report.scope.code ?? 'national'],
    ['review', '', 'source', report.source],
  ]
  for (const tile of report.tiles) {
    for (const figure of ['baseline', 'year_target', 'final_target', 'planned', 'actual', 'progress', 'behind'] as const) {
      lines.push(['measure', tile.measure, figure, tile[figure]])
    }
    lines.push(['measure', tile.measure, 'forecast_month', tile.forecast?.month ?? null])
    lines.push(['measure', tile.measure, 'forecast_earliest', tile.forecast?.earliest ?? null])
    lines.push(['measure', tile.measure, 'forecast_latest', tile.forecast?.latest ?? null])
    for (const point of tile.trend) lines.push(['trend', tile.measure, point.month, point.actual])
  }
  for (const row of report.ranking) lines.push(['ranking', `${row.name} (${row.code})`, 'behind', row.behind])
  for (const p of report.late_projects) lines.push(['late_project', `${p.name} (${p.code})`, 'planned_date', p.planned_date])
  for (const [figure, value] of Object.entries(report.service)) {
    if (figure === 'incidents_by_priority') for (const [p, n] of Object.entries(value as Record<string, number>)) lines.push(['service', p, 'incidents_opened', n])
    else lines.push(['service', '', figure, value as number | null])
  }
  for (const [figure, value] of Object.entries(report.security)) {
    if (figure !== 'targets') lines.push(['security', '', figure, value as number | null])
  }
  if (report.comment) lines.push(['comment', '', 'body', report.comment.body])
  for (const note of report.notes) lines.push(['note', '', note, null])
  // Numbers are written as they are (a negative one is no formula); text is made safe.
  const cells = lines.map((line) => line.map((v) => (v === null ? '' : typeof v === 'number' ? String(v) : quoteFormula(v))))
  return '\uFEFF' + stringify([['section', 'item', 'figure', 'value'], ...cells])
}
