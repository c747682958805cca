import {
  Box,
  Chip,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
  Tooltip,
  Typography,
} from '@mui/material'
import BuildIcon from '@mui/icons-material/Build'
import LinkOffIcon from '@mui/icons-material/LinkOff'
import { useLocaleState, useTranslate } from 'react-admin'
import { reasonText } from './reasons'
import { Link as RouterLink } from 'react-router'
import { LOOK_COLOURS, lookOf, nameIn, rowNames, type LinkStateRow, type UnreachableDevice } from './model'
import { formatRate } from './format'
import { Ago, LookChip, UtilBar } from './parts'
import { PER_PAGE } from './boardParams'

/** Columns the API sorts on; the others are shown but not sortable. */
const SORTABLE = new Set(['severity', 'circuit_id', 'name', 'kind', 'region', 'since', 'last_poll_at', 'in_util', 'out_util', 'error_rate'])

/** A name kept to one line on the wall screen, its end cut with an ellipsis if it must be. */
const ONE_LINE = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: 320 } as const

/** Polls come every 60 s by default: three missed in a row make a reading stale. */
const STALE_AFTER_S = 180

export function SuppressionNote({ row }: { row: Pick<LinkStateRow, 'suppressed' | 'suppressed_by' | 'in_maintenance' | 'maintenance_window_id'> }) {
  const translate = useTranslate()
  const by = row.suppressed_by
  return (
    <>
      {row.suppressed && by && (
        <Typography variant="caption" component="div" color="text.secondary">
          {by.type === 'device' ? (
            <Link component={RouterLink} to={`/devices/${by.id}/show`}>
              {translate('gsn.noc.behind_device', { name: by.hostname ?? `#${by.id}` })}
            </Link>
          ) : (
            <Link component={RouterLink} to={`/links/${by.id}/show`}>
              {translate('gsn.noc.behind_link', { name: by.circuit_id ?? `#${by.id}` })}
            </Link>
          )}
        </Typography>
      )}
      {row.in_maintenance && row.maintenance_window_id && (
        <Typography variant="caption" component="div">
          <Link component={RouterLink} to={`/maintenance_windows/${row.maintenance_window_id}/show`}>
            <BuildIcon sx={{ fontSize: 12, mr: 0.5, verticalAlign: 'middle' }} />
            {translate('gsn.noc.in_window', { id: row.maintenance_window_id })}
          </Link>
        </Typography>
      )}
    </>
  )
}

export function LinkStateTable({
  rows,
  total,
  page,
  perPage,
  sort,
  order,
  onPage,
  onPerPage,
  onSort,
  paginate = true,
  compact = false,
  ministryName,
  devices = [],
}: {
  rows: LinkStateRow[]
  total: number
  page: number
  perPage: number
  sort: string
  order: 'ASC' | 'DESC'
  onPage?: (page: number) => void
  onPerPage?: (perPage: number) => void
  onSort?: (field: string, order: 'ASC' | 'DESC') => void
  paginate?: boolean
  /**
   * The wall screen's list: fewer columns, read from across the room, each row at most two lines
   * so that a dozen faults fit 1080 pixels. Utilisation is left to the reason ("utilisation 96%
   * above 80%"), which says it for the faults that are about it.
   */
  compact?: boolean
  ministryName: (id: number | null) => string | null
  /** Devices not answering, listed before the links (the wall screen's faults). */
  devices?: UnreachableDevice[]
}) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const sortLabel = (field: string, label: string) =>
    SORTABLE.has(field) && onSort ? (
      <TableSortLabel
        active={sort === field}
        direction={sort === field && order === 'DESC' ? 'desc' : 'asc'}
        onClick={() => onSort(field, sort === field && order === 'ASC' ? 'DESC' : 'ASC')}
      >
        {label}
      </TableSortLabel>
    ) : (
      label
    )
  const head = (field: string, label: string, align: 'left' | 'right' = 'left') => (
    <TableCell
      key={field}
      align={align}
      sortDirection={sort === field ? (order === 'ASC' ? 'asc' : 'desc') : false}
      sx={{ whiteSpace: 'nowrap' }}
    >
      {sortLabel(field, label)}
    </TableCell>
  )
  return (
    // Width 0 and at least 100%: a wide table scrolls inside the card instead of widening the page.
    <Box sx={{ width: 0, minWidth: '100%' }}>
      <TableContainer sx={{ overflowX: 'auto' }}>
        {/* Half MUI's side padding: the nine columns fit the board's card at 1920 pixels wide. */}
        <Table size="small" data-testid="link-states" sx={{ '& .MuiTableCell-root': { px: 1 } }}>
          <TableHead>
            <TableRow>
              {head('severity', translate('gsn.noc.columns.state'))}
              {head('circuit_id', translate('resources.links.fields.circuit_id'))}
              {head('name', translate('resources.links.fields.name'))}
              {compact ? (
                head('agency', translate('gsn.noc.columns.ministry_agency'))
              ) : (
                // The region is written under the agency: one column less to fit the card.
                <TableCell sortDirection={sort === 'region' ? (order === 'ASC' ? 'asc' : 'desc') : false}>
                  {translate('gsn.noc.columns.ministry_agency')} / {sortLabel('region', translate('gsn.noc.columns.region'))}
                </TableCell>
              )}
              {!compact && (
                <TableCell sx={{ whiteSpace: 'nowrap', minWidth: 140 }}>
                  {translate('gsn.noc.columns.utilisation')} {sortLabel('in_util', translate('gsn.traffic.in'))} /{' '}
                  {sortLabel('out_util', translate('gsn.traffic.out'))}
                </TableCell>
              )}
              {!compact && head('error_rate', translate('gsn.noc.columns.error_rate'), 'right')}
              {compact ? (
                head('since', translate('gsn.noc.columns.since'))
              ) : (
                // The last poll under the state's age, as the region under the agency.
                <TableCell sortDirection={sort === 'since' || sort === 'last_poll_at' ? (order === 'ASC' ? 'asc' : 'desc') : false}>
                  {sortLabel('since', translate('gsn.noc.columns.since'))} / {sortLabel('last_poll_at', translate('gsn.noc.columns.last_poll'))}
                </TableCell>
              )}
              {head('reason', translate('gsn.noc.columns.reason'))}
              {head('incident', translate('gsn.noc.columns.incident'))}
            </TableRow>
          </TableHead>
          <TableBody>
            {devices.map((device) => (
              <DeviceFaultRow key={`device-${device.id}`} device={device} compact={compact} />
            ))}
            {rows.length === 0 && devices.length === 0 && (
              <TableRow>
                <TableCell colSpan={compact ? 7 : 9}>
                  <Typography color="text.secondary">{translate('gsn.noc.no_links')}</Typography>
                </TableCell>
              </TableRow>
            )}
            {rows.map((row) => {
              const look = lookOf(row)
              const names = rowNames(row, locale)
              const ministry = names.ministry ?? ministryName(row.ministry_id)
              return (
                <TableRow key={row.id} hover data-link-id={row.id} data-look={look}>
                  <TableCell>
                    <LookChip look={look} flapping={row.flapping} />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Link component={RouterLink} to={`/links/${row.id}/show`}>
                      {row.circuit_id}
                    </Link>
                    {row.kind === 'uplink' && (
                      <Typography variant="caption" component="div" color="text.secondary">
                        {translate('enums.link_kind.uplink')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ minWidth: 110 }}>{row.name}</TableCell>
                  <TableCell sx={{ minWidth: compact ? 220 : 120 }}>
                    <Typography variant="body2" sx={compact ? ONE_LINE : undefined}>
                      {ministry ?? '—'}
                    </Typography>
                    {row.agency_id !== row.ministry_id && (
                      <Typography variant="caption" component="div" color="text.secondary" sx={compact ? ONE_LINE : undefined}>
                        {names.agency}
                      </Typography>
                    )}
                    {!compact && row.region && (
                      <Typography variant="caption" component="div" color="text.secondary">
                        {translate(`enums.region.${row.region}`)}
                      </Typography>
                    )}
                  </TableCell>
                  {!compact && (
                    <TableCell>
                      {row.in_util === null && row.out_util === null ? (
                        '—'
                      ) : (
                        <>
                          <UtilBar value={row.in_util} direction="in" showDirection />
                          <UtilBar value={row.out_util} direction="out" showDirection />
                        </>
                      )}
                    </TableCell>
                  )}
                  {!compact && <TableCell align="right">{formatRate(row.error_rate)}</TableCell>}
                  <TableCell>
                    <Ago at={row.since} />
                    {!compact && (
                      <Typography variant="caption" component="div" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
                        {translate('gsn.noc.polled')}{' '}
                        {row.last_poll_at ? <Ago at={row.last_poll_at} staleAfterS={STALE_AFTER_S} /> : translate('gsn.noc.never')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ minWidth: 160, maxWidth: 280 }}>
                    <Stack>
                      {look !== 'up' && row.reason && <Typography variant="body2">{reasonText(row, locale)}</Typography>}
                      <SuppressionNote row={row} />
                    </Stack>
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {row.open_incident_id ? (
                      <Tooltip describeChild title={row.open_incident_status ? translate(`enums.incident_status.${row.open_incident_status}`) : ''}>
                        <Link component={RouterLink} to={`/incidents/${row.open_incident_id}/show`}>
                          {row.open_incident_number}
                        </Link>
                      </Tooltip>
                    ) : (
                      '—'
                    )}
                  </TableCell>
                </TableRow>
              )
            })}
          </TableBody>
        </Table>
      </TableContainer>
      {paginate && onPage && onPerPage && (
        <TablePagination
          component="div"
          count={total}
          page={Math.min(page - 1, Math.max(0, Math.ceil(total / perPage) - 1))}
          rowsPerPage={perPage}
          rowsPerPageOptions={PER_PAGE}
          onPageChange={(_, p) => onPage(p + 1)}
          onRowsPerPageChange={(e) => onPerPage(Number(e.target.value))}
          labelRowsPerPage={translate('ra.navigation.page_rows_per_page')}
          labelDisplayedRows={({ from, to, count }) =>
            translate('ra.navigation.page_range_info', {
              offsetBegin: from.toLocaleString(locale),
              offsetEnd: to.toLocaleString(locale),
              total: count.toLocaleString(locale),
            })
          }
        />
      )}
    </Box>
  )
}

/**
 * A device that does not answer, as a row among the faults: its links' alarms are suppressed
 * behind it, so this row is where the wall screen shows that something is wrong there. The
 * columns are the links' own: the device's name where a circuit stands, what it carries where a
 * link's name stands.
 */
function DeviceFaultRow({ device, compact }: { device: UnreachableDevice; compact: boolean }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const look = device.maintenance_window_id ? 'maintenance' : 'down'
  return (
    <TableRow hover data-device-id={device.id} data-look={look}>
      <TableCell>
        <Chip
          size="small"
          icon={<LinkOffIcon />}
          label={translate('gsn.noc.device_unreachable')}
          sx={{ bgcolor: LOOK_COLOURS[look].bg, color: LOOK_COLOURS[look].fg, fontWeight: 600, '& .MuiChip-icon': { color: 'inherit' } }}
        />
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        <Link component={RouterLink} to={`/devices/${device.id}/show`}>
          {device.hostname}
        </Link>
        <Typography variant="caption" component="div" color="text.secondary">
          {translate(`enums.device_kind.${device.kind}`, { _: device.kind })}
        </Typography>
      </TableCell>
      <TableCell>{translate('gsn.noc.device_links', { smart_count: device.links })}</TableCell>
      <TableCell>
        <Typography variant="body2" sx={compact ? ONE_LINE : undefined}>
          {nameIn(locale, device.agency_name, device.agency_name_en)}
        </Typography>
        {!compact && device.region && (
          <Typography variant="caption" component="div" color="text.secondary">
            {translate(`enums.region.${device.region}`)}
          </Typography>
        )}
      </TableCell>
      {!compact && <TableCell>—</TableCell>}
      {!compact && <TableCell align="right">—</TableCell>}
      <TableCell>
        <Ago at={device.failing_since} />
      </TableCell>
      <TableCell>
        <Typography variant="body2">{translate('gsn.noc.device_failures', { smart_count: device.consecutive_failures })}</Typography>
        {device.maintenance_window_id && (
          <Typography variant="caption" component="div">
            <Link component={RouterLink} to={`/maintenance_windows/${device.maintenance_window_id}/show`}>
              {translate('gsn.noc.in_window', { id: device.maintenance_window_id })}
            </Link>
          </Typography>
        )}
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {device.open_incident_id ? (
          <Link component={RouterLink} to={`/incidents/${device.open_incident_id}/show`}>
            {device.open_incident_number}
          </Link>
        ) : (
          '—'
        )}
      </TableCell>
    </TableRow>
  )
}
