import { useState } from 'react'
import { Alert, Chip, Link, Stack, Table, TableBody, TableCell, TableHead, TablePagination, TableRow, Typography } from '@mui/material'
import { useLocaleState, useTranslate } from 'react-admin'
import { Link as RouterLink } from 'react-router'
import { getJson, getPage, useApiQuery } from '../noc/api'
import { formatTime } from '../noc/format'
import { parsePollError, pollErrorWords } from '../../../shared/device_poll_errors'
import { ALL_LINK_STATUSES, LINK_STATES, LOOK_COLOURS, lookOf, type LinkStateRow } from '../noc/model'
import { Ago, Fact, LiveBadge, LookChip, Panel, UtilBar } from '../noc/parts'
import { useLiveRefresh } from '../noc/useLiveEvents'

interface DeviceStatus {
  device_id: number
  polled: boolean
  reachable: boolean | null
  last_poll_at: string | null
  last_ok_at: string | null
  last_error: string | null
  last_error_at: string | null
  consecutive_failures: number
  failing_since: string | null
  unreachable_after: number
  polls_total: number
  polls_late: number
  polls_skipped: number
  in_maintenance: boolean
  maintenance_window_ids: number[]
  open_incident: { id: number; number: string; status: string; priority: string } | null
  links_by_state: Record<string, number>
}

/**
 * Device events read its status again; link events its interfaces. Never the discovery walk:
 * that is an SNMP walk of the device, run only when asked.
 */
export function useDeviceLive(deviceId: number) {
  return useLiveRefresh(
    ['noc', 'device', deviceId],
    ['status', 'interfaces'],
    (event) => event.payload.device?.id === deviceId || Boolean(event.payload.link || event.payload.incident)
  )
}

function ReachabilityChip({ status }: { status: DeviceStatus }) {
  const translate = useTranslate()
  const key = !status.polled ? 'never_polled' : status.reachable ? 'reachable' : 'unreachable'
  const colour = !status.polled ? LOOK_COLOURS.unknown : status.reachable ? LOOK_COLOURS.up : LOOK_COLOURS.down
  return (
    <Chip
      label={translate(`gsn.device_page.${key}`)}
      data-testid="device-reachability"
      data-reachable={String(status.reachable)}
      sx={{ bgcolor: colour.bg, color: colour.fg, fontWeight: 600 }}
    />
  )
}

export function DeviceStatusPanel({ deviceId }: { deviceId: number }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const live = useDeviceLive(deviceId)
  const { data: status, error } = useApiQuery(['noc', 'device', deviceId, 'status'], (signal) =>
    getJson<DeviceStatus>(`/devices/${deviceId}/status`, signal)
  )
  return (
    <Panel title={translate('gsn.device_page.reachability')} action={<LiveBadge live={live} />} testId="device-status">
      {error && <Alert severity="warning">{(error as Error).message}</Alert>}
      {status && (
        <Stack spacing={2}>
          <Stack direction="row" spacing={3} useFlexGap flexWrap="wrap" alignItems="flex-start">
            <ReachabilityChip status={status} />
            <Fact label={translate('gsn.noc.columns.last_poll')}>
              {status.last_poll_at ? <Ago at={status.last_poll_at} staleAfterS={180} /> : translate('gsn.noc.never')}
            </Fact>
            <Fact label={translate('gsn.device_page.last_ok')}>{status.last_ok_at ? <Ago at={status.last_ok_at} /> : '—'}</Fact>
            <Fact label={translate('gsn.device_page.consecutive_failures')}>
              <span data-testid="consecutive-failures">
                {translate('gsn.device_page.failures_of', { count: status.consecutive_failures, limit: status.unreachable_after })}
              </span>
            </Fact>
            {status.failing_since && (
              <Fact label={translate('gsn.device_page.failing_since')}>{formatTime(status.failing_since, locale)}</Fact>
            )}
            <Fact label={translate('gsn.device_page.polls')}>
              {translate('gsn.device_page.polls_summary', {
                total: status.polls_total.toLocaleString(locale),
                late: status.polls_late.toLocaleString(locale),
                skipped: status.polls_skipped.toLocaleString(locale),
              })}
            </Fact>
            {status.open_incident && (
              <Fact label={translate('gsn.noc.columns.incident')}>
                <Link component={RouterLink} to={`/incidents/${status.open_incident.id}/show`}>
                  {status.open_incident.number}
                </Link>
              </Fact>
            )}
            {status.in_maintenance && (
              <Fact label={translate('gsn.device_page.maintenance')}>
                {status.maintenance_window_ids.map((id) => (
                  <Link key={id} component={RouterLink} to={`/maintenance_windows/${id}/show`} sx={{ mr: 1 }}>
                    #{id}
                  </Link>
                ))}
              </Fact>
            )}
          </Stack>
          {status.last_error && (
            <Alert severity={status.reachable === false ? 'error' : 'info'} data-testid="device-last-error">
              {translate('gsn.device_page.last_error', {
                error: pollErrorWords(parsePollError(status.last_error), locale),
                at: formatTime(status.last_error_at, locale),
              })}
            </Alert>
          )}
          <Stack direction="row" spacing={1} alignItems="center">
            <Typography variant="body2" color="text.secondary">
              {translate('gsn.device_page.links_by_state')}
            </Typography>
            {LINK_STATES.map((s) => (
              <Chip
                key={s}
                size="small"
                label={`${translate(`gsn.noc.looks.${s}`)} ${status.links_by_state[s] ?? 0}`}
                variant={(status.links_by_state[s] ?? 0) > 0 ? 'filled' : 'outlined'}
                sx={(status.links_by_state[s] ?? 0) > 0 ? { bgcolor: LOOK_COLOURS[s].bg, color: LOOK_COLOURS[s].fg } : undefined}
              />
            ))}
          </Stack>
        </Stack>
      )}
    </Panel>
  )
}

/** The links polled on this device (its interfaces that carry a line), with their state. */
export function DeviceInterfaces({ deviceId }: { deviceId: number }) {
  const translate = useTranslate()
  const [page, setPage] = useState(0)
  const [perPage, setPerPage] = useState(25)
  const query = useApiQuery(['noc', 'device', deviceId, 'interfaces', page, perPage], (signal) =>
    getPage<LinkStateRow>(
      '/link_states',
      { filter: { device_id: deviceId, link_status: ALL_LINK_STATUSES }, sort: ['severity', 'ASC'], range: [page * perPage, page * perPage + perPage - 1] },
      signal
    )
  )
  const rows = query.data?.rows ?? []
  return (
    <Panel title={translate('gsn.device_page.interfaces')} testId="device-interfaces">
      {query.data && rows.length === 0 ? (
        <Typography color="text.secondary">{translate('gsn.device_page.no_interfaces')}</Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>ifIndex</TableCell>
              <TableCell>{translate('gsn.noc.columns.state')}</TableCell>
              <TableCell>{translate('resources.links.fields.circuit_id')}</TableCell>
              <TableCell>{translate('resources.links.fields.name')}</TableCell>
              <TableCell>{translate('gsn.link_page.interface')}</TableCell>
              <TableCell>{translate('gsn.noc.columns.in_util')}</TableCell>
              <TableCell>{translate('gsn.noc.columns.out_util')}</TableCell>
              <TableCell>{translate('gsn.noc.columns.last_poll')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id} data-link-id={row.id} data-look={lookOf(row)}>
                <TableCell>{row.if_index ?? '—'}</TableCell>
                <TableCell>
                  <LookChip look={lookOf(row)} flapping={row.flapping} />
                </TableCell>
                <TableCell>
                  <Link component={RouterLink} to={`/links/${row.id}/show`}>
                    {row.circuit_id}
                  </Link>
                </TableCell>
                <TableCell>{row.name}</TableCell>
                <TableCell>
                  {row.oper_status ?? '—'} / {row.admin_status ?? '—'}
                </TableCell>
                <TableCell>
                  <UtilBar value={row.in_util} direction="in" />
                </TableCell>
                <TableCell>
                  <UtilBar value={row.out_util} direction="out" />
                </TableCell>
                <TableCell>{row.last_poll_at ? <Ago at={row.last_poll_at} staleAfterS={180} /> : translate('gsn.noc.never')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {(query.data?.total ?? 0) > 25 && (
        <TablePagination
          component="div"
          count={query.data?.total ?? 0}
          page={page}
          rowsPerPage={perPage}
          rowsPerPageOptions={[25, 50, 100]}
          onPageChange={(_, p) => setPage(p)}
          onRowsPerPageChange={(e) => {
            setPerPage(Number(e.target.value))
            setPage(0)
          }}
        />
      )}
    </Panel>
  )
}
