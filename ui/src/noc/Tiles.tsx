import { Box, ButtonBase, Paper, Stack, Tooltip, Typography } from '@mui/material'
import { useLocaleState, useTranslate } from 'react-admin'
import { Link as RouterLink } from 'react-router'
import {
  LOOK_COLOURS,
  LOOKS,
  REGIONS,
  compareTiles,
  lookOf,
  tileName,
  worstLook,
  type LinkStateRow,
  type Look,
  type LookCounts,
  type MinistryTile,
  type Polling,
} from './model'
import { formatPercent } from './format'
import { FlappingMark } from './parts'

const number = (n: number, locale: string) => n.toLocaleString(locale === 'zh-TW' ? 'zh-TW' : 'en-US')

/** One count per look, each a button that lists those links; the total and flapping beside them. */
export function CountsBar({
  counts,
  neverPolled,
  selected,
  flapping,
  onLook,
  onFlapping,
  big = false,
}: {
  counts: LookCounts
  neverPolled: number
  selected: Look | ''
  flapping: boolean
  onLook: (look: Look | '') => void
  onFlapping: (on: boolean) => void
  big?: boolean
}) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const box = (key: string, label: string, value: number, colour: { bg: string; fg: string } | null, active: boolean, onClick: () => void, title?: string) => (
    <Tooltip key={key} describeChild title={title ?? ''}>
      <ButtonBase
        onClick={onClick}
        data-testid={`count-${key}`}
        aria-pressed={active}
        sx={{
          flexDirection: 'column',
          alignItems: 'flex-start',
          px: 1.5,
          py: big ? 1.5 : 1,
          minWidth: big ? 112 : 110,
          borderRadius: 1,
          bgcolor: colour && value > 0 ? colour.bg : 'action.hover',
          color: colour && value > 0 ? colour.fg : 'text.primary',
          outline: active ? '3px solid' : 'none',
          outlineColor: 'text.primary',
          outlineOffset: 2,
        }}
      >
        <Typography variant={big ? 'body1' : 'body2'} sx={{ opacity: 0.9 }}>
          {label}
        </Typography>
        <Typography variant={big ? 'h4' : 'h5'} component="span" sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }} data-value={value}>
          {number(value, locale)}
        </Typography>
      </ButtonBase>
    </Tooltip>
  )
  return (
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" data-testid="board-counts">
      {box('total', translate('gsn.noc.total'), counts.total, null, selected === '' && !flapping, () => {
        onLook('')
        onFlapping(false)
      })}
      {LOOKS.map((look) =>
        box(look, translate(`gsn.noc.looks.${look}`), counts[look], LOOK_COLOURS[look], selected === look, () => onLook(selected === look ? '' : look), translate(`gsn.noc.look_help.${look}`))
      )}
      {box('flapping', translate('gsn.noc.flapping'), counts.flapping, { bg: '#e65100', fg: '#fff' }, flapping, () => onFlapping(!flapping), translate('gsn.noc.flapping_help'))}
      {neverPolled > 0 && (
        <Box sx={{ alignSelf: 'center', px: 1 }}>
          <Typography variant="body2" color="text.secondary">
            {translate('gsn.noc.never_polled', { count: number(neverPolled, locale) })}
          </Typography>
        </Box>
      )}
    </Stack>
  )
}

/**
 * Whether the pollers keep up, beside the counts: devices overdue (not polled within two of their
 * intervals) mean collectors stopped or fell behind, which a board of green tiles would hide.
 */
export function PollingHealth({ polling, big = false }: { polling: Polling; big?: boolean }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const item = (key: keyof Polling, text: string, help: string, alarm: boolean) => (
    <Tooltip key={key} describeChild title={help}>
      <Typography
        component="span"
        variant={big ? 'body1' : 'body2'}
        data-testid={`polling-${key}`}
        data-value={polling[key]}
        sx={{
          px: 0.75,
          borderRadius: 1,
          fontVariantNumeric: 'tabular-nums',
          ...(alarm ? { bgcolor: LOOK_COLOURS.down.bg, color: LOOK_COLOURS.down.fg, fontWeight: 600 } : { color: 'text.secondary' }),
        }}
      >
        {text}
      </Typography>
    </Tooltip>
  )
  const count = (key: keyof Polling) => ({ count: number(Number(polling[key]), locale) })
  return (
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center" data-testid="polling-health">
      <Typography component="span" variant={big ? 'body1' : 'body2'} sx={{ fontWeight: 600 }}>
        {translate('gsn.noc.polling.title')}
      </Typography>
      {item('devices', translate('gsn.noc.polling.devices', count('devices')), translate('gsn.noc.polling.devices_help'), false)}
      {item('unreachable', translate('gsn.noc.polling.unreachable', count('unreachable')), translate('gsn.noc.polling.unreachable_help'), polling.unreachable > 0)}
      {item('overdue', translate('gsn.noc.polling.overdue', count('overdue')), translate('gsn.noc.polling.overdue_help'), polling.overdue > 0)}
      {item('polls_late', translate('gsn.noc.polling.late', count('polls_late')), translate('gsn.noc.polling.late_help'), false)}
      {item('polls_skipped', translate('gsn.noc.polling.skipped', count('polls_skipped')), translate('gsn.noc.polling.skipped_help'), false)}
    </Stack>
  )
}

/** Small counts of the looks that are not "up", in their colours. */
function LookBadges({ counts, locale }: { counts: LookCounts; locale: string }) {
  const translate = useTranslate()
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {LOOKS.filter((l) => l !== 'up' && counts[l] > 0).map((l) => (
        <Tooltip key={l} describeChild title={translate(`gsn.noc.looks.${l}`)}>
          <Box
            component="span"
            data-look={l}
            sx={{ px: 0.75, borderRadius: 1, fontSize: 13, fontWeight: 600, bgcolor: LOOK_COLOURS[l].bg, color: LOOK_COLOURS[l].fg }}
          >
            {number(counts[l], locale)}
          </Box>
        </Tooltip>
      ))}
      {counts.flapping > 0 && <FlappingMark />}
    </Stack>
  )
}

function tileSx(worst: Look | null) {
  const colour = worst ? LOOK_COLOURS[worst].bg : '#bdbdbd'
  return { borderLeft: `8px solid ${colour}`, height: '100%' }
}

export function RegionTiles({
  regions,
  selected,
  onSelect,
}: {
  regions: Map<string, LookCounts>
  selected: string
  onSelect: (region: string) => void
}) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  return (
    <Box sx={{ display: 'grid', gap: 1, gridTemplateColumns: { xs: 'repeat(2, 1fr)', md: 'repeat(4, 1fr)' } }}>
      {REGIONS.map((region) => {
        const counts = regions.get(region)
        const worst = counts ? worstLook(counts) : null
        return (
          <Paper key={region} variant="outlined" sx={{ ...tileSx(worst), outline: selected === region ? '2px solid' : 'none' }}>
            <ButtonBase
              onClick={() => onSelect(selected === region ? '' : region)}
              sx={{ p: 1.5, width: '100%', height: '100%', justifyContent: 'flex-start', alignItems: 'flex-start', flexDirection: 'column' }}
              data-testid={`region-${region}`}
              data-worst={worst ?? 'none'}
            >
              <Stack direction="row" justifyContent="space-between" sx={{ width: '100%' }}>
                <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
                  {translate(`enums.region.${region}`)}
                </Typography>
                <Typography variant="subtitle1" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                  {translate('gsn.noc.links_count', { smart_count: counts?.total ?? 0, count: number(counts?.total ?? 0, locale) })}
                </Typography>
              </Stack>
              {counts && <LookBadges counts={counts} locale={locale} />}
            </ButtonBase>
          </Paper>
        )
      })}
    </Box>
  )
}

/** One tile per ministry: its worst colour, counts, and a strip of its four regions. */
export function MinistryTiles({
  tiles,
  onMinistry,
  onCell,
  dense = false,
}: {
  tiles: MinistryTile[]
  onMinistry: (id: number) => void
  onCell: (id: number, region: string) => void
  dense?: boolean
}) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const sorted = [...tiles].sort((a, b) => compareTiles(a, b, locale))
  return (
    <Box
      data-testid="ministry-tiles"
      sx={{ display: 'grid', gap: 1, gridTemplateColumns: `repeat(auto-fill, minmax(${dense ? 250 : 220}px, 1fr))` }}
    >
      {sorted.map((tile) => {
        const worst = worstLook(tile.counts)
        const name = tile.id === null ? translate('gsn.noc.no_ministry') : tileName(tile, locale)
        const strip = (
          <Stack direction="row" spacing={0.5} sx={dense ? { width: 104, flexShrink: 0 } : undefined}>
            {REGIONS.map((region) => {
              const counts = tile.regions[region]
              const look = counts ? worstLook(counts) : null
              return (
                <Tooltip
                  key={region}
                  title={
                    counts
                      ? `${translate(`enums.region.${region}`)}: ${LOOKS.filter((l) => counts[l] > 0)
                          .map((l) => `${translate(`gsn.noc.looks.${l}`)} ${number(counts[l], locale)}`)
                          .join(', ')}`
                      : translate(`enums.region.${region}`)
                  }
                >
                  <ButtonBase
                    disabled={!counts || tile.id === null}
                    onClick={() => tile.id !== null && onCell(tile.id, region)}
                    data-region={region}
                    data-look={look ?? 'none'}
                    sx={{
                      flex: 1,
                      height: 18,
                      borderRadius: 0.5,
                      fontSize: 11,
                      bgcolor: look ? LOOK_COLOURS[look].bg : 'transparent',
                      color: look ? LOOK_COLOURS[look].fg : 'text.disabled',
                      border: look ? 'none' : '1px dashed',
                      borderColor: 'divider',
                    }}
                  >
                    {translate(`gsn.noc.region_short.${region}`)}
                  </ButtonBase>
                </Tooltip>
              )
            })}
          </Stack>
        )
        return (
          <Paper key={tile.id ?? 'none'} variant="outlined" sx={tileSx(worst)} data-testid={`ministry-${tile.id ?? 'none'}`} data-worst={worst ?? 'none'}>
            <Stack sx={{ p: dense ? 0.75 : 1, height: '100%' }} spacing={0.5}>
              <ButtonBase
                disabled={tile.id === null}
                onClick={() => tile.id !== null && onMinistry(tile.id)}
                sx={{ justifyContent: 'space-between', textAlign: 'left', width: '100%', alignItems: 'flex-start', gap: 1 }}
              >
                <Typography
                  variant="body2"
                  sx={{ fontWeight: 600, lineHeight: 1.25, ...(dense ? { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } : {}) }}
                  title={name}
                >
                  {name}
                </Typography>
                <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                  {number(tile.counts.total, locale)}
                </Typography>
              </ButtonBase>
              {dense ? (
                <Stack direction="row" spacing={1} alignItems="center" justifyContent="space-between">
                  <LookBadges counts={tile.counts} locale={locale} />
                  {strip}
                </Stack>
              ) : (
                <>
                  <Box sx={{ flex: 1 }}>
                    <LookBadges counts={tile.counts} locale={locale} />
                  </Box>
                  {strip}
                </>
              )}
            </Stack>
          </Paper>
        )
      })}
    </Box>
  )
}

/** The ministry uplinks one by one: each carries a whole ministry, so each gets its own tile. */
export function UplinkStrip({
  rows,
  total,
  ministryName,
}: {
  rows: LinkStateRow[]
  total: number
  ministryName: (id: number | null) => string | null
}) {
  const translate = useTranslate()
  if (!rows.length) return null
  return (
    <Box data-testid="uplinks">
      <Box sx={{ display: 'grid', gap: 0.75, gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))' }}>
        {rows.map((row) => {
          const look = lookOf(row)
          const { bg, fg } = LOOK_COLOURS[look]
          const util = Math.max(row.in_util ?? 0, row.out_util ?? 0)
          return (
            <Tooltip
              key={row.id}
              title={`${row.circuit_id} ${row.name} · ${translate(`gsn.noc.looks.${look}`)}${row.reason && look !== 'up' ? ` · ${row.reason}` : ''}`}
            >
              <ButtonBase
                component={RouterLink}
                to={`/links/${row.id}/show`}
                data-testid={`uplink-${row.id}`}
                data-look={look}
                sx={{ bgcolor: bg, color: fg, borderRadius: 1, p: 0.75, flexDirection: 'column', alignItems: 'stretch', textAlign: 'left' }}
              >
                <Stack direction="row" justifyContent="space-between" alignItems="center">
                  <Typography variant="caption" sx={{ fontWeight: 700, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {ministryName(row.ministry_id) ?? row.ministry_name ?? row.agency_name}
                  </Typography>
                  {row.flapping && <FlappingMark />}
                </Stack>
                <Stack direction="row" justifyContent="space-between">
                  <Typography variant="caption" sx={{ opacity: 0.9, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {row.circuit_id}
                  </Typography>
                  <Typography variant="caption" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                    {row.in_util === null && row.out_util === null ? '—' : formatPercent(util)}
                  </Typography>
                </Stack>
              </ButtonBase>
            </Tooltip>
          )
        })}
      </Box>
      {total > rows.length && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          {translate('gsn.noc.more_uplinks', { count: total - rows.length })}
        </Typography>
      )}
    </Box>
  )
}
