import { useState } from 'react'
import { Alert, Box, Link, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'
import { useLocaleState, useTranslate } from 'react-admin'
import { Link as RouterLink } from 'react-router'
import { getPage, useApiQuery } from '../noc/api'
import { formatKbps, formatRate, formatTime } from '../noc/format'
import { ALL_LINK_STATUSES, lookOf, type LinkState, type LinkStateRow } from '../noc/model'
import { Ago, Fact, FlappingMark, LiveBadge, LookChip, Pager, Panel, StateChip, UtilBar } from '../noc/parts'
import { SuppressionNote } from '../noc/LinkStateTable'
import { useLiveRefresh } from '../noc/useLiveEvents'
import { reasonText, type ReasonPart } from '../noc/reasons'

/** The link's row of the board, whatever its status (the board hides decommissioned lines). */
export function useLinkState(linkId: number) {
  return useApiQuery(['noc', 'link', linkId, 'state'], (signal) =>
    getPage<LinkStateRow>('/link_states', { filter: { id: [linkId], link_status: ALL_LINK_STATUSES }, range: [0, 0] }, signal).then(
      (p) => p.rows[0] ?? null
    )
  )
}

/**
 * Keeps the link page current: an event about this link (or an incident, which may name it)
 * reads its state, history and incidents again; the traffic charts refresh on their own timer.
 */
export function useLinkLive(linkId: number) {
  return useLiveRefresh(
    ['noc', 'link', linkId],
    ['state', 'history', 'incidents'],
    (event) => event.payload.link?.id === linkId || Boolean(event.payload.incident || event.payload.device)
  )
}

export function LinkStatePanel({ linkId }: { linkId: number }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const live = useLinkLive(linkId)
  const { data: row, error } = useLinkState(linkId)
  return (
    <Panel title={translate('gsn.link_page.current_state')} action={<LiveBadge live={live} />} testId="link-state">
      {error && <Alert severity="warning">{(error as Error).message}</Alert>}
      {row === null && <Typography color="text.secondary">{translate('gsn.link_page.not_monitored')}</Typography>}
      {row && (
        <Stack direction="row" spacing={3} useFlexGap flexWrap="wrap" alignItems="flex-start">
          <Box data-testid="link-look" data-look={lookOf(row)}>
            <StateChip {...row} size="medium" />
          </Box>
          <Fact label={translate('gsn.noc.columns.reason')}>
            <Stack>
              <span>{reasonText(row, locale) ?? '—'}</span>
              <SuppressionNote row={row} />
            </Stack>
          </Fact>
          <Fact label={translate('gsn.noc.columns.since')}>
            {row.since ? (
              <>
                {formatTime(row.since, locale)} · <Ago at={row.since} />
              </>
            ) : (
              '—'
            )}
          </Fact>
          <Fact label={translate('gsn.noc.columns.last_poll')}>
            {row.last_poll_at ? <Ago at={row.last_poll_at} staleAfterS={180} /> : translate('gsn.noc.never')}
          </Fact>
          <Fact label={translate('gsn.noc.columns.in_util')}>
            <UtilBar value={row.in_util} direction="in" />
          </Fact>
          <Fact label={translate('gsn.noc.columns.out_util')}>
            <UtilBar value={row.out_util} direction="out" />
          </Fact>
          <Fact label={translate('gsn.noc.columns.error_rate')}>{formatRate(row.error_rate)}</Fact>
          <Fact label={translate('gsn.link_page.interface')}>
            {row.oper_status ?? '—'} / {row.admin_status ?? '—'}
          </Fact>
          <Fact label={translate('gsn.link_page.speed')}>{formatKbps(row.bandwidth_kbps)}</Fact>
          <Fact label={translate('gsn.noc.columns.incident')}>
            {row.open_incident_id ? (
              <Link component={RouterLink} to={`/incidents/${row.open_incident_id}/show`}>
                {row.open_incident_number}
              </Link>
            ) : (
              '—'
            )}
          </Fact>
          {row.flapping && (
            <Stack direction="row" spacing={0.5} alignItems="center">
              <FlappingMark />
              <Typography variant="body2">{translate('gsn.noc.flapping')}</Typography>
            </Stack>
          )}
        </Stack>
      )}
    </Panel>
  )
}

interface StateChange {
  id: number
  at: string
  from_state: LinkState
  to_state: LinkState
  admin_down: boolean
  reason: string | null
  reason_message?: ReasonPart[] | null
  suppressed: boolean
  in_maintenance: boolean
  flapping: boolean
}

export function StateHistory({ linkId }: { linkId: number }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [page, setPage] = useState(0)
  const perPage = 10
  const history = useApiQuery(['noc', 'link', linkId, 'history', page], (signal) =>
    getPage<StateChange>(`/links/${linkId}/state_changes`, { range: [page * perPage, page * perPage + perPage - 1] }, signal)
  )
  const rows = history.data?.rows ?? []
  return (
    <Panel title={translate('gsn.link_page.history')} testId="state-history">
      {history.data && rows.length === 0 ? (
        <Typography color="text.secondary">{translate('gsn.link_page.no_history')}</Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('gsn.link_page.at')}</TableCell>
              <TableCell>{translate('gsn.link_page.from')}</TableCell>
              <TableCell>{translate('gsn.link_page.to')}</TableCell>
              <TableCell>{translate('gsn.noc.columns.reason')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((c) => (
              <TableRow key={c.id}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatTime(c.at, locale)}</TableCell>
                <TableCell>
                  <LookChip look={c.from_state} />
                </TableCell>
                <TableCell>
                  <StateChip state={c.to_state} admin_down={c.admin_down} suppressed={c.suppressed} in_maintenance={c.in_maintenance} flapping={c.flapping} />
                </TableCell>
                <TableCell>{reasonText(c, locale) ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Pager total={history.data?.total ?? 0} page={page} perPage={perPage} onPage={setPage} />
    </Panel>
  )
}

interface IncidentRow {
  id: number
  number: string
  title: string
  type: string
  priority: string
  status: string
  opened_at: string
  resolved_at: string | null
}

export function LinkIncidents({ linkId }: { linkId: number }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [page, setPage] = useState(0)
  const perPage = 10
  const incidents = useApiQuery(['noc', 'link', linkId, 'incidents', page], (signal) =>
    getPage<IncidentRow>(`/links/${linkId}/incidents`, { range: [page * perPage, page * perPage + perPage - 1] }, signal)
  )
  const rows = incidents.data?.rows ?? []
  return (
    <Panel title={translate('gsn.link_page.incidents')} testId="link-incidents">
      {incidents.error && <Alert severity="info">{(incidents.error as Error).message}</Alert>}
      {incidents.data && rows.length === 0 ? (
        <Typography color="text.secondary">{translate('gsn.link_page.no_incidents')}</Typography>
      ) : (
        <Box sx={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('resources.incidents.fields.number')}</TableCell>
                <TableCell>{translate('resources.incidents.fields.title')}</TableCell>
                <TableCell>{translate('resources.incidents.fields.priority')}</TableCell>
                <TableCell>{translate('resources.incidents.fields.status')}</TableCell>
                <TableCell>{translate('resources.incidents.fields.opened_at')}</TableCell>
                <TableCell>{translate('resources.incidents.fields.resolved_at')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((i) => (
                <TableRow key={i.id} hover>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Link component={RouterLink} to={`/incidents/${i.id}/show`}>
                      {i.number}
                    </Link>
                  </TableCell>
                  <TableCell sx={{ minWidth: 200 }}>{i.title}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate(`enums.incident_priority.${i.priority}`)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate(`enums.incident_status.${i.status}`)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatTime(i.opened_at, locale)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatTime(i.resolved_at, locale)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      <Pager total={incidents.data?.total ?? 0} page={page} perPage={perPage} onPage={setPage} />
    </Panel>
  )
}

