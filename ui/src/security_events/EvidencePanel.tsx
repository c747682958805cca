import { Box, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin'
import { getJson, useApiQuery } from '../noc/api'
import { taipeiTime } from '../incidents/format'

interface EvidenceFlow {
  src_addr: string
  src_port: number
  dst_addr: string
  dst_port: number
  protocol: number
  packets: number
  bytes: number
}

interface EvidenceEvent {
  id: number
  origin: string
  summary: string
  source: string | null
  target: string | null
  severity: number
  last_seen: string
  evidence: EvidenceFlow[]
}

interface Evidence {
  counts: { events: number; occurrences: number; first_seen: string | null; last_seen: string | null; sources: number; targets: number; agencies: number }
  events: EvidenceEvent[]
}

/**
 * A security incident's evidence (GET /api/incidents/:id/security_events): the counts of the
 * attack and its events newest first, with the flows behind each detection. Other incidents
 * show nothing.
 */
export function EvidencePanel() {
  const record = useRecordContext<{ id: number; type: string }>()
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const security = record?.type === 'security'
  const { data } = useApiQuery(['incidents', 'security_events', String(record?.id)], (signal) => getJson<Evidence>(`/incidents/${record!.id}/security_events`, signal), {
    enabled: security,
  })
  if (!security || !data) return null
  const { counts, events } = data
  const when = (iso: string | null) => (iso ? taipeiTime(iso, locale) : '—')
  return (
    <Card component="section" aria-labelledby="security-evidence" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" id="security-evidence">
          {translate('gsn.security_events.evidence')}
        </Typography>
        {counts.events === 0 ? (
          <Typography variant="body2">{translate('gsn.security_events.no_evidence')}</Typography>
        ) : (
          <>
            <Typography variant="body2" data-testid="evidence-counts" sx={{ mb: 1 }}>
              {translate('gsn.security_events.evidence_counts', { ...counts, first: when(counts.first_seen), last: when(counts.last_seen) })}
            </Typography>
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('resources.security_events.fields.last_seen')}</TableCell>
                    <TableCell>{translate('resources.security_events.fields.origin')}</TableCell>
                    <TableCell>{translate('resources.security_events.fields.summary')}</TableCell>
                    <TableCell>{translate('resources.security_events.fields.severity')}</TableCell>
                    <TableCell>{translate('gsn.security_events.flows')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {events.map((e) => (
                    <TableRow key={e.id} data-event={e.id}>
                      <TableCell>{when(e.last_seen)}</TableCell>
                      <TableCell>{translate(`gsn.security_events.origin.${e.origin}`)}</TableCell>
                      <TableCell>{e.summary}</TableCell>
                      <TableCell>{e.severity}</TableCell>
                      <TableCell>
                        {e.evidence.length === 0
                          ? '—'
                          : e.evidence.map((f, i) => (
                              <div key={i}>
                                {translate('gsn.security_events.flow', {
                                  src: `${f.src_addr}:${f.src_port}`, dst: `${f.dst_addr}:${f.dst_port}`, protocol: f.protocol, packets: f.packets, bytes: f.bytes,
                                })}
                              </div>
                            ))}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          </>
        )}
      </CardContent>
    </Card>
  )
}
