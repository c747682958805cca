import { useEffect, useState } from 'react'
import { Title, useLocaleState, useTranslate } from 'react-admin'
import {
  Alert, Box, Button, Card, CardContent, FormControl, InputLabel, MenuItem, Select, Table, TableBody, TableCell, TableHead, TableRow, Typography,
} from '@mui/material'
import PrintIcon from '@mui/icons-material/Print'
import DownloadIcon from '@mui/icons-material/Download'
import { API, httpClient } from '../common/http'
import { PrintOnlyTheReport } from '../common/PrintOnly'
import { taipeiTime } from '../incidents/format'
import { MonthField } from '../common/MonthField'
import { currentMonth, monthBefore } from '../common/taipei_time'

type Verdict = 'met' | 'missed' | 'no_data'
interface Line {
  contract_ref: string
  circuit_id: string
  link_name: string
  agency_code: string
  agency_name: string
  promised: { availability_pct: number; latency_ms: number; latency_percentile: number; loss_pct: number }
  delivered: {
    availability_pct: number | null
    down_minutes: number
    coverage_pct: number | null
    maintenance_minutes: number
    latency_ms: number | null
    rtt_p50_ms: number | null
    rtt_p95_ms: number | null
    loss_pct: number | null
  }
  verdict: { availability: Verdict; latency: Verdict; loss: Verdict; overall: Verdict }
}
interface Report {
  carrier: string
  month: string
  generated_at: string
  lines: Line[]
  summary: { lines: number; met: number; missed: number; no_data: number }
}


/** A verdict in words, with a mark for readers who do not see the colour (WCAG 1.4.1). */
function VerdictText({ verdict }: { verdict: Verdict }) {
  const translate = useTranslate()
  const mark = { met: '✓', missed: '✗', no_data: '–' }[verdict]
  const color = { met: 'success.dark', missed: 'error.dark', no_data: 'text.secondary' }[verdict]
  return (
    <Box component="span" sx={{ color, fontWeight: verdict === 'missed' ? 700 : 400 }}>
      <span aria-hidden="true">{mark} </span>
      {translate(`gsn.carrier_report.verdict.${verdict}`)}
    </Box>
  )
}

/**
 * One carrier's month: every line of its contracts in the reader's scope, promised against
 * delivered, to print and hand over, or to download as CSV.
 */
export default function CarrierReport() {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [month, setMonth] = useState(monthBefore(currentMonth()))
  const [carriers, setCarriers] = useState<string[] | null>(null)
  const [carrier, setCarrier] = useState('')
  const [report, setReport] = useState<Report | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    httpClient(`${API}/reports/carriers`).then(
      ({ json }) => {
        setCarriers(json.carriers)
        setCarrier((current) => current || json.carriers[0] || '')
      },
      (e: Error) => setError(e.message)
    )
  }, [])
  const query = `carrier=${encodeURIComponent(carrier)}&month=${month}`
  useEffect(() => {
    if (!carrier || !/^\d{4}-\d{2}$/.test(month)) return
    httpClient(`${API}/reports/carrier?${query}`).then(
      ({ json }) => (setReport(json), setError(null)),
      (e: Error) => setError(e.message)
    )
  }, [query, locale])

  const none = translate('gsn.carrier_report.none')
  const num = (n: number | null | undefined, digits = 2) =>
    n === null || n === undefined ? none : n.toLocaleString(locale, { maximumFractionDigits: digits })
  return (
    <Card sx={{ mt: 2 }}>
      <PrintOnlyTheReport />
      <Title title="gsn.carrier_report.title" />
      <CardContent>
        <Typography component="h1" variant="h5" gutterBottom>
          {translate('gsn.carrier_report.heading', { carrier: report?.carrier ?? carrier, month: report?.month ?? month })}
        </Typography>
        <Box className="no-print" sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
          <FormControl size="small" sx={{ minWidth: 220 }}>
            <InputLabel id="carrier-label">{translate('gsn.carrier_report.carrier')}</InputLabel>
            <Select labelId="carrier-label" label={translate('gsn.carrier_report.carrier')} value={carriers?.includes(carrier) ? carrier : ''} onChange={(e) => setCarrier(String(e.target.value))}>
              {(carriers ?? []).map((c) => (
                <MenuItem key={c} value={c}>{c}</MenuItem>
              ))}
            </Select>
          </FormControl>
          <MonthField label={translate('gsn.carrier_report.month')} value={month} onChange={setMonth} />
          <Button startIcon={<PrintIcon />} onClick={() => window.print()}>{translate('gsn.carrier_report.print')}</Button>
          <Button startIcon={<DownloadIcon />} href={`${API}/reports/carrier.csv?${query}`} download disabled={!carrier}>
            {translate('gsn.carrier_report.csv')}
          </Button>
        </Box>
        {error && <Alert severity="error">{error}</Alert>}
        {carriers && carriers.length === 0 && <Alert severity="info">{translate('gsn.carrier_report.no_contracts')}</Alert>}
        {report && (
          <>
            <Typography variant="body2" gutterBottom>
              {translate('gsn.carrier_report.summary', report.summary)} · {translate('gsn.carrier_report.generated', { at: taipeiTime(report.generated_at, locale) })}
            </Typography>
            <Table size="small" sx={{ mb: 2 }}>
              <TableHead>
                <TableRow>
                  <TableCell component="th" scope="col">{translate('gsn.carrier_report.circuit')}</TableCell>
                  <TableCell component="th" scope="col">{translate('gsn.carrier_report.agency')}</TableCell>
                  <TableCell component="th" scope="col" align="right">{translate('gsn.carrier_report.availability')}</TableCell>
                  <TableCell component="th" scope="col" align="right">{translate('gsn.carrier_report.down_minutes')}</TableCell>
                  <TableCell component="th" scope="col" align="right">{translate('gsn.carrier_report.latency')}</TableCell>
                  <TableCell component="th" scope="col" align="right">{translate('gsn.carrier_report.loss')}</TableCell>
                  <TableCell component="th" scope="col">{translate('gsn.carrier_report.verdict_heading')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {report.lines.map((l) => (
                  <TableRow key={l.contract_ref}>
                    <TableCell component="th" scope="row">
                      {l.circuit_id}
                      <Typography variant="caption" display="block">{l.link_name} · {l.contract_ref}</Typography>
                    </TableCell>
                    <TableCell>{l.agency_name} ({l.agency_code})</TableCell>
                    <TableCell align="right">
                      {num(l.delivered.availability_pct, 3)}% / {num(l.promised.availability_pct, 3)}%
                      <Typography variant="caption" display="block">
                        {translate('gsn.carrier_report.coverage', { coverage: num(l.delivered.coverage_pct, 1) })}
                      </Typography>
                    </TableCell>
                    <TableCell align="right">{num(l.delivered.down_minutes, 1)}</TableCell>
                    <TableCell align="right">
                      {num(l.delivered.latency_ms)} / {num(l.promised.latency_ms)} {translate('gsn.carrier_report.ms')} (p{l.promised.latency_percentile})
                    </TableCell>
                    <TableCell align="right">{num(l.delivered.loss_pct, 3)}% / {num(l.promised.loss_pct, 3)}%</TableCell>
                    <TableCell><VerdictText verdict={l.verdict.overall} /></TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Typography variant="body2" sx={{ mt: 1 }}>{translate('gsn.carrier_report.basis')}</Typography>
          </>
        )}
      </CardContent>
    </Card>
  )
}
