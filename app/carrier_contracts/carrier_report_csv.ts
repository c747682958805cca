import { stringify } from 'csv-stringify/sync'
import { message } from '#app/core/messages'
import { quoteFormula } from '#app/imports/spreadsheet_formulas'
import { CARRIER_REPORT_COLUMNS } from '#app/carrier_contracts/carrier_messages'
import type { CarrierReport } from '#app/carrier_contracts/carrier_report'

/**
 * The carrier report as a CSV file to hand to the carrier: one line per circuit, the header and
 * the verdicts in the reader's language, figures as plain numbers (an empty cell: no data).
 * Names are what agencies typed, so every cell is made safe from spreadsheet formulas.
 */
export function carrierReportCsv(report: CarrierReport, locale: string | null | undefined): string {
  const header = CARRIER_REPORT_COLUMNS.map((column) => message('carrier_report.column', { column }).in(locale))
  const lines = report.lines.map((l) => {
    const cells: Record<(typeof CARRIER_REPORT_COLUMNS)[number], string | number | null> = {
      contract_ref: l.contract_ref,
      circuit_id: l.circuit_id,
      link_name: l.link_name,
      agency: `${l.agency_name} (${l.agency_code})`,
      availability_promised: l.promised.availability_pct,
      availability_delivered: l.delivered.availability_pct,
      down_minutes: l.delivered.down_minutes,
      coverage: l.delivered.coverage_pct,
      latency_promised: l.promised.latency_ms,
      latency_percentile: l.promised.latency_percentile,
      latency_delivered: l.delivered.latency_ms,
      rtt_p50: l.delivered.rtt_p50_ms,
      rtt_p95: l.delivered.rtt_p95_ms,
      loss_promised: l.promised.loss_pct,
      loss_delivered: l.delivered.loss_pct,
      loss_p95: l.delivered.loss_p95_pct,
      verdict: message('carrier_report.verdict', { verdict: l.verdict.overall }).in(locale),
    }
    return CARRIER_REPORT_COLUMNS.map((column) => {
      const value = cells[column]
      return value === null ? '' : typeof value === 'number' ? String(value) : quoteFormula(value)
    })
  })
  // The byte order mark makes spreadsheet programs read the file as UTF-8 (Chinese names).
  return '\uFEFF' + stringify([header, ...lines])
}
