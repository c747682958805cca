import { useEffect, useState } from 'react'
import { Title, useLocaleState, useTranslate } from 'react-admin'
import { Alert, Box, Button, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'
import PrintIcon from '@mui/icons-material/Print'
import DownloadIcon from '@mui/icons-material/Download'
import { API, httpClient } from '../common/http'
import { PrintOnlyTheReport } from '../common/PrintOnly'
import { MonthField } from '../common/MonthField'
import { currentMonth } from '../common/taipei_time'

type Deadline = { counted: number; met: number; percent: number | null }
interface Report {
  month: string
  incidents: {
    opened: number
    resolved: number
    by_priority: Record<string, number>
    by_agency: Array<{ agency_id: number; code: string; name: string; opened: number }>
    by_group: Array<{ group_id: number | null; opened: number }> | null
    mean_minutes_to_acknowledge: number | null
    mean_minutes_to_resolve: number | null
    sla: { respond: Deadline; resolve: Deadline } | null
  }
  problems: { opened: number; resolved: number; closed: number }
  changes: { success_percent: number | null; emergency_percent: number | null } | null
  notes: string[]
}

function Figures({ rows }: { rows: Array<[string, string]> }) {
  const translate = useTranslate()
  return (
    <Table size="small" sx={{ mb: 2 }}>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">{translate('gsn.reports.figure')}</TableCell>
          <TableCell component="th" scope="col" align="right">{translate('gsn.reports.value')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(([label, value]) => (
          <TableRow key={label}>
            <TableCell component="th" scope="row">{label}</TableCell>
            <TableCell align="right">{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}

/** The monthly service-management figures over the reader's scope, on screen, on paper, or as CSV. */
export default function ServiceReport() {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [month, setMonth] = useState(currentMonth())
  const [report, setReport] = useState<Report | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!/^\d{4}-\d{2}$/.test(month)) return
    httpClient(`${API}/reports/service_management?month=${month}`).then(
      ({ json }) => (setReport(json), setError(null)),
      (e: Error) => setError(e.message)
    )
  }, [month, locale])

  const none = translate('gsn.reports.none')
  const minutes = (m: number | null) => (m === null ? none : translate('gsn.reports.minutes', { minutes: m }))
  const percent = (p: number | null | undefined) => (p === null || p === undefined ? none : `${p}%`)
  const deadline = (d: Deadline | undefined) => (d ? `${percent(d.percent)} (${translate('gsn.reports.of', d)})` : none)
  const i = report?.incidents
  return (
    <Card sx={{ mt: 2 }}>
      <PrintOnlyTheReport />
      <Title title="gsn.reports.title" />
      <CardContent>
        <Typography component="h1" variant="h5" gutterBottom>
          {translate('gsn.reports.title')} {report?.month}
        </Typography>
        <Box className="no-print" sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2 }}>
          <MonthField label={translate('gsn.reports.month')} value={month} onChange={setMonth} />
          <Button startIcon={<PrintIcon />} onClick={() => window.print()}>{translate('gsn.reports.print')}</Button>
          <Button startIcon={<DownloadIcon />} href={`${API}/reports/service_management?month=${month}&format=csv`} download>
            {translate('gsn.reports.csv')}
          </Button>
        </Box>
        {error && <Alert severity="error">{error}</Alert>}
        {report && i && (
          <>
            <Typography component="h2" variant="h6">{translate('gsn.reports.incidents')}</Typography>
            <Figures
              rows={[
                [translate('gsn.reports.opened'), String(i.opened)],
                [translate('gsn.reports.resolved'), String(i.resolved)],
                ...Object.entries(i.by_priority).map(([p, n]): [string, string] => [`${translate('gsn.reports.by_priority')}: ${translate(`enums.incident_priority.${p}`)}`, String(n)]),
                [translate('gsn.reports.mtta'), minutes(i.mean_minutes_to_acknowledge)],
                [translate('gsn.reports.mttr'), minutes(i.mean_minutes_to_resolve)],
                [translate('gsn.reports.sla_respond'), deadline(i.sla?.respond)],
                [translate('gsn.reports.sla_resolve'), deadline(i.sla?.resolve)],
              ]}
            />
            <Typography component="h2" variant="h6">{translate('gsn.reports.by_agency')}</Typography>
            <Figures rows={i.by_agency.map((a): [string, string] => [`${a.name} (${a.code})`, String(a.opened)])} />
            {i.by_group && (
              <>
                <Typography component="h2" variant="h6">{translate('gsn.reports.by_group')}</Typography>
                <Figures rows={i.by_group.map((g): [string, string] => [g.group_id === null ? translate('gsn.reports.group_none') : `#${g.group_id}`, String(g.opened)])} />
              </>
            )}
            <Typography component="h2" variant="h6">{translate('gsn.reports.problems')}</Typography>
            <Figures
              rows={[
                [translate('gsn.reports.opened'), String(report.problems.opened)],
                [translate('gsn.reports.resolved'), String(report.problems.resolved)],
                [translate('gsn.reports.closed'), String(report.problems.closed)],
              ]}
            />
            <Typography component="h2" variant="h6">{translate('gsn.reports.changes')}</Typography>
            <Figures
              rows={[
                [translate('gsn.reports.change_success'), percent(report.changes?.success_percent)],
                [translate('gsn.reports.emergency_share'), percent(report.changes?.emergency_percent)],
              ]}
            />
            <Typography component="h2" variant="h6">{translate('gsn.reports.notes')}</Typography>
            <ul>
              {report.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          </>
        )}
      </CardContent>
    </Card>
  )
}
