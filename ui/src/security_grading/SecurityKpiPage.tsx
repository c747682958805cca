import { useEffect, useState } from 'react'
import { Title, useLocaleState, useTranslate } from 'react-admin'
import { Alert, Box, Button, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'
import DownloadIcon from '@mui/icons-material/Download'
import { API, httpClient } from '../common/http'
import type { KpiFigures, KpiReport } from './api'
import { MonthField } from '../common/MonthField'
import { currentMonth } from '../common/taipei_time'

/**
 * The programme's two security KPIs for a month, over the reader's scope, in total and per
 * agency: the intrusion-alert reporting rate (within the legal hour; target 85%) and the share
 * of major incidents taken in hand within 3 hours.
 */
export default function SecurityKpiPage() {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [month, setMonth] = useState(currentMonth())
  const [report, setReport] = useState<KpiReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!/^\d{4}-\d{2}$/.test(month)) return
    httpClient(`${API}/security_kpis?month=${month}`).then(
      ({ json }) => (setReport(json), setError(null)),
      (e: Error) => setError(e.message)
    )
  }, [month, locale])
  const percent = (p: number | null) => (p === null ? '—' : `${p}%`)
  const cells = (f: KpiFigures) => [
    String(f.opened),
    `${percent(f.reported_in_time_percent)} (${translate('gsn.reports.of', { met: f.reported_in_time, counted: f.opened })})`,
    `${percent(f.reported_percent)} (${translate('gsn.reports.of', { met: f.reported, counted: f.opened })})`,
    `${percent(f.major_answered_percent)} (${translate('gsn.reports.of', { met: f.major_answered_in_time, counted: f.major })})`,
  ]
  const columns = ['opened', 'reported_in_time', 'reported', 'major_answered'] as const
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="gsn.security.kpi_title" />
      <CardContent>
        <Typography component="h1" variant="h5" gutterBottom>
          {translate('gsn.security.kpi_title')} {report?.month}
        </Typography>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2 }}>
          <MonthField label={translate('gsn.reports.month')} value={month} onChange={setMonth} />
          <Button startIcon={<DownloadIcon />} href={`${API}/security_kpis?month=${month}&format=csv`} download>
            {translate('gsn.reports.csv')}
          </Button>
        </Box>
        <Typography variant="body2" sx={{ mb: 2 }}>{translate('gsn.security.kpi_definitions')}</Typography>
        {error && <Alert severity="error">{error}</Alert>}
        {report && (
          <Table size="small" data-kpi-month={report.month}>
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">{translate('gsn.reports.agency')}</TableCell>
                {columns.map((c) => (
                  <TableCell key={c} component="th" scope="col" align="right">
                    {translate(`gsn.security.kpi.${c}`, { target: report.targets.reported_in_time_percent })}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {report.by_agency.map((a) => (
                <TableRow key={a.agency_id} data-kpi-agency={a.code}>
                  <TableCell component="th" scope="row">{`${a.name} (${a.code})`}</TableCell>
                  {cells(a).map((v, i) => <TableCell key={columns[i]} align="right">{v}</TableCell>)}
                </TableRow>
              ))}
              <TableRow data-kpi-total>
                <TableCell component="th" scope="row"><strong>{translate('gsn.security.kpi.total')}</strong></TableCell>
                {cells(report.total).map((v, i) => <TableCell key={columns[i]} align="right"><strong>{v}</strong></TableCell>)}
              </TableRow>
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  )
}
