import { useCallback, useEffect, useMemo, useRef, type MutableRefObject, type ReactNode } from 'react'
import { Alert, Box, Button, Portal, Stack, Typography } from '@mui/material'
import { ThemeProvider, createTheme, useTheme } from '@mui/material/styles'
import CssBaseline from '@mui/material/CssBaseline'
import TvIcon from '@mui/icons-material/Tv'
import CloseFullscreenIcon from '@mui/icons-material/CloseFullscreen'
import { useQueryClient } from '@tanstack/react-query'
import { Title, useLocaleState, useTranslate } from 'react-admin'
import { getJson, getPage, listUrl, useApiQuery } from './api'
import { FAULTS_FILTER, summaryFilter, tableFilter, useBoardParams, type BoardParams } from './boardParams'
import { BoardFilters } from './BoardFilters'
import { LinkStateTable } from './LinkStateTable'
import { tileName, tilesOf, type LiveEvent, type LinkStateRow, type Summary, type UnreachableDevice } from './model'
import { LiveBadge, Panel } from './parts'
import { CountsBar, MinistryTiles, PollingHealth, RegionTiles, UplinkStrip } from './Tiles'
import { useLiveEvents, useThrottled, type LiveState } from './useLiveEvents'
import { formatTime } from './format'

/** Under the live events, the board still reads everything again this often. */
const SAFETY_NET_MS = 60_000
/** A burst of events (a device with 300 links going dark) is read once per this. */
const EVENT_COALESCE_MS = 1_500
/**
 * The monitoring worker counts the board again just after it has recorded a change
 * (board_keeper.ts), which can be after the change's event reached the board and the board read
 * the counts: they are read once more this long after the last event of a burst.
 */
const RECOUNT_MS = 1_500
/**
 * The counts come from the monitoring worker's last count (board_keeper.ts), which may still
 * predate a change whose event has just arrived: while they do, the board reads them again this
 * often, for at most COUNTS_AWAITED_MS after the event (then RECOUNT_MS's read is the last word).
 * Waiting a fixed RECOUNT_MS instead made a change take 2.1 s to show (README, NOC board bench).
 */
const COUNTS_POLL_MS = 200
const COUNTS_AWAITED_MS = 5_000
const UPLINKS_SHOWN = 120
/**
 * Rows of faults the wall screen lists (unreachable devices first, then links): at 1920×1080 the
 * whole list stays on the screen beside the tiles (tests/browser/noc_screens.spec.ts measures it).
 */
const WALL_FAULTS_SHOWN = 12
/** At most this many of them devices, so that a night of dead routers leaves room for the links. */
const WALL_DEVICES_SHOWN = 6

/**
 * The NOC board: every link by region and ministry, coloured by state, with counts, filters and
 * a drill-down table. It keeps itself current from the server-sent events (each event reads the
 * counts, tiles and visible rows again) and, as a safety net, re-reads every minute. With
 * ?wall=1 it fills the screen without the console's chrome, in dark colours, for a wall display.
 */
export default function NocBoard() {
  const { params, update } = useBoardParams()
  const queryClient = useQueryClient()
  const refresh = useCallback(() => {
    queryClient.invalidateQueries({ queryKey: ['noc', 'board'] })
  }, [queryClient])
  const throttled = useThrottled(refresh, EVENT_COALESCE_MS)
  const recount = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(recount.current), [])
  const countsWanted = useRef<CountsWanted>({ countedAfter: 0, until: 0 })
  const onEvent = useCallback((event: LiveEvent) => {
    // Link and device changes are what the counts count; the event says when it was observed.
    const at = Date.parse(event.at)
    if (/^(link|device)\./.test(event.type) && Number.isFinite(at)) {
      countsWanted.current = { countedAfter: Math.max(countsWanted.current.countedAfter, at), until: Date.now() + COUNTS_AWAITED_MS }
    }
    throttled()
    clearTimeout(recount.current)
    recount.current = setTimeout(refresh, RECOUNT_MS)
  }, [throttled, refresh])
  const live = useLiveEvents(onEvent, refresh)

  const board = <Board params={params} update={update} live={live} countsWanted={countsWanted} />
  if (!params.wall) return board
  return <WallScreen>{board}</WallScreen>
}

function WallScreen({ children }: { children: ReactNode }) {
  const outer = useTheme()
  const dark = useMemo(
    () => createTheme({ palette: { mode: 'dark', background: { default: '#0b0f14', paper: '#141a22' } }, typography: outer.typography }),
    [outer.typography]
  )
  return (
    <ThemeProvider theme={dark}>
      <CssBaseline />
      {/* In a portal: the layout's content box would otherwise keep the app bar above it. */}
      <Portal>
      <Box
        data-testid="wall-screen"
        sx={{ position: 'fixed', inset: 0, zIndex: (t) => t.zIndex.modal + 1, overflow: 'auto', bgcolor: 'background.default', color: 'text.primary', p: 2 }}
      >
        {children}
      </Box>
      </Portal>
    </ThemeProvider>
  )
}

/** What the board reads for its parameters: its counts, the uplinks' tiles and the table's page. */
function boardReads(params: BoardParams) {
  const sFilter = summaryFilter(params)
  const uplinkFilter = { ...sFilter, kind: 'uplink' }
  const deviceFilter = { region: sFilter.region, agency_id: sFilter.agency_id }
  const tFilter = params.wall ? { ...sFilter, ...FAULTS_FILTER } : tableFilter(params)
  const range: [number, number] = params.wall
    ? [0, WALL_FAULTS_SHOWN - 1]
    : [(params.page - 1) * params.perPage, params.page * params.perPage - 1]
  const sort: [string, 'ASC' | 'DESC'] = params.wall ? ['severity', 'ASC'] : [params.sort, params.order]
  return {
    summary: {
      key: ['noc', 'board', 'summary', sFilter],
      read: (signal: AbortSignal) => getJson<Summary>(listUrl('/link_states/summary', { filter: sFilter }), signal),
    },
    uplinks: {
      key: ['noc', 'board', 'uplinks', uplinkFilter],
      read: (signal: AbortSignal) => getPage<LinkStateRow>('/link_states', { filter: uplinkFilter, sort: ['circuit_id', 'ASC'], range: [0, UPLINKS_SHOWN - 1] }, signal),
      enabled: params.kind !== 'legacy',
    },
    table: {
      key: ['noc', 'board', 'table', tFilter, sort, range],
      read: (signal: AbortSignal) => getPage<LinkStateRow>('/link_states', { filter: tFilter, sort, range }, signal),
    },
    // The wall's faults begin with the devices that do not answer: their links' alarms are
    // suppressed behind them, so the links alone would leave them off the list.
    devices: {
      key: ['noc', 'board', 'unreachable_devices', deviceFilter],
      read: (signal: AbortSignal) => getPage<UnreachableDevice>('/unreachable_devices', { filter: deviceFilter, range: [0, WALL_DEVICES_SHOWN - 1] }, signal),
      enabled: params.wall,
    },
  }
}

/** Counts the board waits for: counted after this (epoch ms), looked for until `until`. */
interface CountsWanted {
  countedAfter: number
  until: number
}

function Board({
  params,
  update,
  live,
  countsWanted,
}: {
  params: ReturnType<typeof useBoardParams>['params']
  update: ReturnType<typeof useBoardParams>['update']
  live: LiveState
  countsWanted: MutableRefObject<CountsWanted>
}) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const reads = boardReads(params)
  const summary = useApiQuery(reads.summary.key, reads.summary.read, { refetchInterval: SAFETY_NET_MS })
  const uplinks = useApiQuery(reads.uplinks.key, reads.uplinks.read, { refetchInterval: SAFETY_NET_MS, enabled: reads.uplinks.enabled })
  const table = useApiQuery(reads.table.key, reads.table.read, { refetchInterval: SAFETY_NET_MS })
  const devices = useApiQuery(reads.devices.key, reads.devices.read, { refetchInterval: SAFETY_NET_MS, enabled: reads.devices.enabled })
  // Devices first, then as many links as the wall has rows left for.
  const wallDevices = params.wall ? (devices.data?.rows ?? []) : []
  const wallLinks = (table.data?.rows ?? []).slice(0, params.wall ? Math.max(0, WALL_FAULTS_SHOWN - wallDevices.length) : undefined)
  const faults = (table.data?.total ?? 0) + (params.wall ? (devices.data?.total ?? 0) : 0)
  const { refetch: readSummary, dataUpdatedAt: summaryReadAt, data: summaryData } = summary
  useEffect(() => {
    if (!summaryData) return
    const wanted = countsWanted.current
    if (Date.parse(summaryData.generated_at) >= wanted.countedAfter || Date.now() >= wanted.until) return
    const again = setTimeout(() => readSummary(), COUNTS_POLL_MS)
    return () => clearTimeout(again)
  }, [summaryReadAt, summaryData, readSummary, countsWanted])

  const tiles = useMemo(() => tilesOf(summary.data?.by_ministry ?? []), [summary.data])
  const ministryName = useCallback(
    (id: number | null) => {
      const tile = tiles.ministries.find((m) => m.id === id)
      return tile && id !== null ? tileName(tile, locale) : null
    },
    [tiles, locale]
  )
  const error = summary.error ?? table.error
  const big = params.wall

  const counts = (
    <Stack spacing={1}>
      <CountsBar
        counts={tiles.total}
        neverPolled={summary.data?.never_polled ?? 0}
        selected={params.look}
        flapping={params.flapping}
        onLook={(look) => update({ look, wall: null })}
        onFlapping={(flapping) => update({ flapping, wall: null })}
        big={big}
      />
      {summary.data?.polling && <PollingHealth polling={summary.data.polling} big={big} />}
    </Stack>
  )
  const uplinkSection = params.kind !== 'legacy' && uplinks.data && uplinks.data.total > 0 && (
    <Section title={translate('gsn.noc.uplinks', { count: uplinks.data.total })}>
      <UplinkStrip rows={uplinks.data.rows} total={uplinks.data.total} ministryName={ministryName} />
    </Section>
  )
  const regionSection = (
    <Section title={translate('gsn.noc.regions')}>
      <RegionTiles regions={tiles.regions} selected={params.region} onSelect={(region) => update({ region, wall: null })} />
    </Section>
  )
  const ministrySection = (
    <Section title={translate('gsn.noc.ministries')}>
      {summary.data && tiles.ministries.length === 0 ? (
        <Typography color="text.secondary">{translate('gsn.noc.no_links')}</Typography>
      ) : (
        <MinistryTiles
          tiles={tiles.ministries}
          dense={big}
          onMinistry={(agency) => update({ agency, wall: null })}
          onCell={(agency, region) => update({ agency, region, wall: null })}
        />
      )}
    </Section>
  )
  const tableSection = (
    <Section
      title={
        params.wall
          ? translate('gsn.noc.faults', { count: faults.toLocaleString(locale) })
          : translate('gsn.noc.links', { count: (table.data?.total ?? 0).toLocaleString(locale) })
      }
    >
      <LinkStateTable
        rows={wallLinks}
        devices={wallDevices}
        total={table.data?.total ?? 0}
        page={params.page}
        perPage={params.perPage}
        sort={params.wall ? 'severity' : params.sort}
        order={params.wall ? 'ASC' : params.order}
        paginate={!params.wall}
        compact={params.wall}
        onPage={(page) => update({ page })}
        onPerPage={(per) => update({ per })}
        onSort={params.wall ? undefined : (sort, order) => update({ sort, order })}
        ministryName={ministryName}
      />
      {params.wall && faults > wallDevices.length + wallLinks.length && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {translate('gsn.noc.more_faults', { count: (faults - wallDevices.length - wallLinks.length).toLocaleString(locale) })}
        </Typography>
      )}
    </Section>
  )

  return (
    <Stack spacing={2} sx={{ mt: params.wall ? 0 : 2, mb: 2 }} data-testid="noc-board">
      {!params.wall && <Title title="gsn.noc.title" />}
      <Stack direction="row" alignItems="center" spacing={2} useFlexGap flexWrap="wrap">
        <Typography variant={big ? 'h4' : 'h5'} component="h1" sx={{ fontWeight: 600 }}>
          {translate('gsn.noc.title')}
        </Typography>
        <LiveBadge live={live} />
        {summary.data && (
          <Typography variant="body2" color="text.secondary" data-testid="board-updated">
            {translate('gsn.noc.updated', { time: formatTime(summary.data.generated_at, locale) })}
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        {params.wall ? (
          <Button size="small" startIcon={<CloseFullscreenIcon />} onClick={() => update({ wall: null, page: params.page })}>
            {translate('gsn.noc.exit_wall')}
          </Button>
        ) : (
          <Button size="small" startIcon={<TvIcon />} onClick={() => update({ wall: true, page: params.page })}>
            {translate('gsn.noc.wall')}
          </Button>
        )}
      </Stack>
      {error && <Alert severity="warning">{translate('gsn.noc.unavailable', { message: (error as Error).message })}</Alert>}
      {!params.wall && <BoardFilters params={params} update={update} ministries={tiles.ministries} />}

      {params.wall ? (
        <>
          {counts}
          {/* The faults first, on the left, where the eye starts and where they stay on the
              screen; the tiles beside them may run below it. */}
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 3fr) minmax(0, 2fr)' }, alignItems: 'start' }}>
            <Box data-testid="wall-faults">{tableSection}</Box>
            <Stack spacing={2}>
              {uplinkSection}
              {regionSection}
              {ministrySection}
            </Stack>
          </Box>
        </>
      ) : (
        <>
          {counts}
          {uplinkSection}
          {regionSection}
          {ministrySection}
          {tableSection}
        </>
      )}
    </Stack>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return <Panel title={title}>{children}</Panel>
}
