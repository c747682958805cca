import { useEffect, useState } from 'react'
import { useParams } from 'react-router'
import { Title, useLocaleState, useTranslate } from 'react-admin'
import { Alert, Box, Button, Card, CardContent, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material'
import PrintIcon from '@mui/icons-material/Print'
import DownloadIcon from '@mui/icons-material/Download'
import { API, httpClient } from '../common/http'
import { PrintOnlyTheReport } from '../common/PrintOnly'
import { taipeiTime } from '../incidents/format'
import { LegalClocks } from './LegalClocks'
import type { AuthorityReport } from './api'

function Rows({ rows }: { rows: Array<[string, React.ReactNode]> }) {
  return (
    <Table size="small" sx={{ mb: 2 }}>
      <TableBody>
        {rows.map(([label, value]) => (
          <TableRow key={label}>
            <TableCell component="th" scope="row" sx={{ width: '30%', verticalAlign: 'top' }}>{label}</TableCell>
            <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}

/**
 * The notification record for the competent authority (資通安全事件通報), printable, in the reader's
 * language and Taipei time; the same record downloads as JSON.
 */
export default function AuthorityReportPage() {
  const { id } = useParams()
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [report, setReport] = useState<AuthorityReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    httpClient(`${API}/incidents/${id}/authority_report`).then(
      ({ json }) => (setReport(json), setError(null)),
      (e: Error) => setError(e.message)
    )
  }, [id, locale])
  const when = (iso: string | null) => (iso ? taipeiTime(iso, locale ?? 'en') : '—')
  const none = '—'
  const r = report
  const a = r?.assessment
  return (
    <Card sx={{ mt: 2 }}>
      <PrintOnlyTheReport />
      <Title title="gsn.security.report_title" />
      <CardContent>
        <Typography component="h1" variant="h5" gutterBottom>
          {translate('gsn.security.report_title')} {r?.incident.number}
        </Typography>
        <Box className="no-print" sx={{ display: 'flex', gap: 2, mb: 2 }}>
          <Button startIcon={<PrintIcon />} onClick={() => window.print()}>{translate('gsn.reports.print')}</Button>
          <Button startIcon={<DownloadIcon />} href={`${API}/incidents/${id}/authority_report`} download={`authority-report-${id}.json`}>
            {translate('gsn.security.download_json')}
          </Button>
        </Box>
        {error && <Alert severity="error">{error}</Alert>}
        {r && (
          <>
            <Typography component="h2" variant="h6">{translate('gsn.security.report_who')}</Typography>
            <Rows
              rows={[
                [translate('resources.incidents.fields.agency_id'), r.agency ? `${r.agency.name} (${r.agency.code})` : none],
                [translate('gsn.security.contact'), r.contact ? `${r.contact.name} <${r.contact.email}>` : none],
                [translate('gsn.security.liaisons'), r.liaisons.map((l) => `${l.name} <${l.email}>`).join('\n') || none],
              ]}
            />
            <Typography component="h2" variant="h6">{translate('gsn.security.report_what')}</Typography>
            <Rows
              rows={[
                [translate('resources.incidents.fields.title'), r.incident.title],
                [translate('gsn.security.aware_at'), when(r.aware_at)],
                [translate('resources.incidents.fields.opened_at'), when(r.incident.opened_at)],
                [
                  translate('gsn.security.level'),
                  r.level
                    ? `${translate(`gsn.security.levels.${r.level}`)} (${translate(r.level_reviewed ? 'gsn.security.reviewed' : 'gsn.security.proposed')})`
                    : translate('gsn.security.ungraded'),
                ],
                [
                  translate('gsn.security.assessment'),
                  a
                    ? [
                        `${translate('gsn.security.questions.systems')}: ${translate(`enums.affected_systems.${a.systems}`)}`,
                        `${translate('gsn.security.questions.confidentiality')}: ${translate(`enums.data_impact.${a.confidentiality}`)}`,
                        `${translate('gsn.security.questions.integrity')}: ${translate(`enums.data_impact.${a.integrity}`)}`,
                        `${translate('gsn.security.questions.availability')}: ${translate(`enums.availability_impact.${a.availability}`)}`,
                        `${translate('gsn.security.questions.classified')}: ${translate(`enums.classified_data.${a.classified}`)}`,
                      ].join('\n')
                    : none,
                ],
                [
                  translate('gsn.security.systems_affected'),
                  r.systems_affected.map((s) => `${s.name} (${s.code})${s.core ? ` — ${translate('resources.information_systems.fields.core')}` : ''}`).join('\n') ||
                    none,
                ],
                [translate('gsn.security.impact'), r.impact ?? none],
                [translate('gsn.security.measures'), r.measures_taken.map((m) => `${when(m.at)} ${m.by}: ${m.text}`).join('\n') || none],
                [translate('resources.incidents.fields.resolution'), r.resolution ?? none],
                [translate('gsn.security.sent_at'), r.reports.map((s) => `${when(s.at)} ${s.by}${s.note ? `: ${s.note}` : ''}`).join('\n') || translate('gsn.security.not_sent')],
              ]}
            />
            {r.legal_clocks && (
              <>
                <Typography component="h2" variant="h6">{translate('gsn.security.clocks')}</Typography>
                <LegalClocks clocks={r.legal_clocks} />
              </>
            )}
          </>
        )}
      </CardContent>
    </Card>
  )
}
