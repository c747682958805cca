import { useEffect, useMemo, useState } from 'react'
import { Button, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'
import DownloadIcon from '@mui/icons-material/Download'
import { Link as RouterLink } from 'react-router'
import { Link } from '@mui/material'
import { useLocaleState, useTranslate } from 'react-admin'
import { exportUrl, useAgencyNames, useFlows, useLinkNames, type FlowRow } from './api'
import { endpoint, formatBytes, formatCount, protocolName, taipeiSeconds, tcpFlagsText } from './format'
import { FlowPanel, QueryError, Scroller } from './parts'

const PAGE = 50

/**
 * The flows the search matches, newest first, a page at a time. The API gives no total (counting
 * a day of raw flows costs as much as reading them), so "Older" is offered while a page is full.
 */
export function FlowResults({ query }: { query: string }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [offset, setOffset] = useState(0)
  useEffect(() => setOffset(0), [query])
  const answer = useFlows<FlowRow[]>('search', `${query}&limit=${PAGE}&offset=${offset}`)
  const rows = useMemo(() => answer.data?.rows ?? [], [answer.data])
  const agencies = useAgencyNames(useMemo(() => rows.flatMap((r) => [r.src_agency_id, r.dst_agency_id]), [rows]))
  const links = useLinkNames(useMemo(() => rows.map((r) => r.link_id), [rows]))
  const agency = (id: number | null) => (id === null ? '—' : agencies.get(id) ?? translate('gsn.flows.agency_id', { id }))
  const c = (key: string) => translate(`gsn.flows.columns.${key}`)

  return (
    <FlowPanel
      title={translate('gsn.flows.results')}
      testId="flow-results"
      action={
        <Button component="a" href={exportUrl(query)} download startIcon={<DownloadIcon />} title={translate('gsn.flows.export_help')}>
          {translate('gsn.flows.export')}
        </Button>
      }
    >
      <QueryError error={answer.error} />
      {answer.data && rows.length === 0 && offset === 0 && <Typography color="text.secondary">{translate('gsn.flows.none')}</Typography>}
      {rows.length > 0 && (
        <>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate('gsn.flows.results_page', { first: offset + 1, last: offset + rows.length })}
          </Typography>
          <Scroller label={translate('gsn.flows.results')}>
            <Table size="small" aria-label={translate('gsn.flows.results')} sx={{ '& th': { whiteSpace: 'nowrap' } }}>
              <TableHead>
                <TableRow>
                  {['first', 'source', 'destination', 'protocol'].map((k) => (
                    <TableCell key={k} component="th" scope="col">
                      {c(k)}
                    </TableCell>
                  ))}
                  <TableCell component="th" scope="col" align="right">
                    {c('packets')}
                  </TableCell>
                  <TableCell component="th" scope="col" align="right">
                    {c('bytes')}
                  </TableCell>
                  {['tcp_flags', 'link', 'src_agency', 'dst_agency', 'last'].map((k) => (
                    <TableCell key={k} component="th" scope="col">
                      {c(k)}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((r, i) => (
                  <TableRow key={`${offset + i}`} data-testid="flow-row" data-src={r.src_addr} data-dst={r.dst_addr}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{taipeiSeconds(r.first, locale)}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{endpoint(r.src_addr, r.src_port, r.protocol)}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{endpoint(r.dst_addr, r.dst_port, r.protocol)}</TableCell>
                    <TableCell>{protocolName(r.protocol)}</TableCell>
                    <TableCell align="right">{formatCount(r.packets, locale)}</TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      {formatBytes(r.bytes)}
                    </TableCell>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{tcpFlagsText(r.protocol, r.tcp_flags)}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      {r.link_id === null ? (
                        '—'
                      ) : !links.has(r.link_id) ? (
                        // A link of another agency: named by id, as its page would refuse the reader.
                        `#${r.link_id}`
                      ) : (
                        <Link component={RouterLink} to={`/links/${r.link_id}/show`}>
                          {links.get(r.link_id)}
                        </Link>
                      )}
                    </TableCell>
                    <TableCell>{agency(r.src_agency_id)}</TableCell>
                    <TableCell>{agency(r.dst_agency_id)}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{taipeiSeconds(r.last, locale)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Scroller>
        </>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
        <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {translate('gsn.flows.previous')}
        </Button>
        <Button disabled={rows.length < PAGE} onClick={() => setOffset(offset + PAGE)}>
          {translate('gsn.flows.next')}
        </Button>
      </Stack>
    </FlowPanel>
  )
}
