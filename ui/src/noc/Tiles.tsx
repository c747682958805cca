import { Box, ButtonBase, Stack, Tooltip, Typography } from '@mui/material'
import { useLocaleState, useTranslate } from 'react-admin'
import { Link as RouterLink } from 'react-router'
import {
  LOOK_COLOURS,
  LOOK_MARKS,
  LOOKS,
  REGIONS,
  compareTiles,
  lookOf,
  rowNames,
  tileName,
  worstLook,
  type LinkStateRow,
  type Look,
  type LookCounts,
  type MinistryTile,
  type Polling,
} from './model'
import { formatPercent } from './format'
import { reasonText } from './reasons'
import { FlappingMark, LookMark } from './parts'
import { SharedTips } from './TileSheet'

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
  const box = (key: string, label: string, value: number, colour: { bg: string; fg: string } | null, active: boolean, onClick: () => void, title?: string, look?: Look) => (
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
        {/* In the box's full text colour: at 0.9 opacity white fell to 4.28:1 on the red. */}
        <Typography variant={big ? 'body1' : 'body2'}>
          {look && <LookMark look={look} />} {label}
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
        box(look, translate(`gsn.noc.looks.${look}`), counts[look], LOOK_COLOURS[look], selected === look, () => onLook(selected === look ? '' : look), translate(`gsn.noc.look_help.${look}`), look)
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

/** Small counts of the looks that are not "up", in their colours, named by the grid's tooltip. */
function LookBadges({ counts, locale }: { counts: LookCounts; locale: string }) {
  const translate = useTranslate()
  return (
    <span className="badges">
      {LOOKS.filter((l) => l !== 'up' && counts[l] > 0).map((l) => (
        <span key={l} className="badge" data-look={l} data-tip={translate(`gsn.noc.looks.${l}`)} style={{ backgroundColor: LOOK_COLOURS[l].bg, color: LOOK_COLOURS[l].fg }}>
          <span aria-hidden="true">{LOOK_MARKS[l]}</span> {number(counts[l], locale)}
        </span>
      ))}
      {counts.flapping > 0 && <FlappingMark />}
    </span>
  )
}

/** A tile's edge in the colour of its worst link. */
const edge = (worst: Look | null) => ({ borderLeftColor: worst ? LOOK_COLOURS[worst].bg : '#bdbdbd' })

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
    <SharedTips className="regions">
      {REGIONS.map((region) => {
        const counts = regions.get(region)
        const worst = counts ? worstLook(counts) : null
        return (
          <div key={region} className={selected === region ? 'tile selected' : 'tile'} style={edge(worst)}>
            <button
              type="button"
              className="tile-button"
              onClick={() => onSelect(selected === region ? '' : region)}
              data-testid={`region-${region}`}
              data-worst={worst ?? 'none'}
            >
              <span className="row">
                <span className="title">{translate(`enums.region.${region}`)}</span>
                <span className="figure large">
                  {translate('gsn.noc.links_count', { smart_count: counts?.total ?? 0, count: number(counts?.total ?? 0, locale) })}
                </span>
              </span>
              {counts && <LookBadges counts={counts} locale={locale} />}
            </button>
          </div>
        )
      })}
    </SharedTips>
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
  const regionName = Object.fromEntries(REGIONS.map((r) => [r, translate(`enums.region.${r}`)]))
  const lookName = Object.fromEntries(LOOKS.map((l) => [l, translate(`gsn.noc.looks.${l}`)]))
  return (
    <SharedTips className={dense ? 'ministries dense' : 'ministries'} testId="ministry-tiles">
      {sorted.map((tile) => {
        const worst = worstLook(tile.counts)
        const name = tile.id === null ? translate('gsn.noc.no_ministry') : tileName(tile, locale)
        const strip = (
          <span className={dense ? 'strip dense' : 'strip'}>
            {REGIONS.map((region) => {
              const counts = tile.regions[region]
              const look = counts ? worstLook(counts) : null
              const label = counts
                ? `${regionName[region]}: ${LOOKS.filter((l) => counts[l] > 0)
                    .map((l) => `${lookName[l]} ${number(counts[l], locale)}`)
                    .join(', ')}`
                : regionName[region]
              return (
                <button
                  key={region}
                  type="button"
                  className={look ? 'cell' : 'cell none'}
                  disabled={!counts || tile.id === null}
                  onClick={() => tile.id !== null && onCell(tile.id, region)}
                  data-region={region}
                  data-look={look ?? 'none'}
                  // The look's shape is drawn by the style sheet (TileSheet's .cell::before): a
                  // character in the text would no longer be part of the cell's spoken name.
                  data-mark={look ? LOOK_MARKS[look] : undefined}
                  data-tip={label}
                  aria-label={label}
                  style={look ? { backgroundColor: LOOK_COLOURS[look].bg, color: LOOK_COLOURS[look].fg } : undefined}
                >
                  {translate(`gsn.noc.region_short.${region}`)}
                </button>
              )
            })}
          </span>
        )
        return (
          <div key={tile.id ?? 'none'} className="tile" style={edge(worst)} data-testid={`ministry-${tile.id ?? 'none'}`} data-worst={worst ?? 'none'}>
            <div className={dense ? 'tile-body dense' : 'tile-body'}>
              <button type="button" className="tile-head" disabled={tile.id === null} onClick={() => tile.id !== null && onMinistry(tile.id)}>
                <span className={dense ? 'name dense' : 'name'} title={name}>
                  {name}
                </span>
                <span className="figure">{number(tile.counts.total, locale)}</span>
              </button>
              {dense ? (
                <span className="row">
                  <LookBadges counts={tile.counts} locale={locale} />
                  {strip}
                </span>
              ) : (
                <>
                  <span className="grow">
                    <LookBadges counts={tile.counts} locale={locale} />
                  </span>
                  {strip}
                </>
              )}
            </div>
          </div>
        )
      })}
    </SharedTips>
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
  const [locale] = useLocaleState()
  if (!rows.length) return null
  return (
    <Box data-testid="uplinks">
      <SharedTips className="uplinks">
        {rows.map((row) => {
          const look = lookOf(row)
          const { bg, fg } = LOOK_COLOURS[look]
          const util = Math.max(row.in_util ?? 0, row.out_util ?? 0)
          const names = rowNames(row, locale)
          // The row's own names first: read with the row, they are never older than it.
          const shown = names.ministry ?? ministryName(row.ministry_id) ?? names.agency
          const utilText = row.in_util === null && row.out_util === null ? '—' : formatPercent(util)
          const state = `${translate(`gsn.noc.looks.${look}`)}${row.reason && look !== 'up' ? ` · ${reasonText(row, locale)}` : ''}`
          const tip = `${row.circuit_id} ${row.name} · ${state}`
          return (
            <RouterLink
              key={row.id}
              to={`/links/${row.id}/show`}
              className="uplink"
              data-testid={`uplink-${row.id}`}
              data-look={look}
              data-tip={tip}
              // The colour alone does not say the state: the name does, after what the tile shows.
              aria-label={`${shown}${row.flapping ? ` ${translate('gsn.noc.flapping')}` : ''} ${row.circuit_id} ${utilText} · ${state}`}
              style={{ backgroundColor: bg, color: fg }}
            >
              {/* The spaces between the flex items change no layout; they keep the words apart in
                  the tile's text, which would otherwise run together ("MOE-1CKT-942%") and no
                  longer match its name. */}
              <span className="row">
                <span className="caption strong">
                  <span aria-hidden="true">{LOOK_MARKS[look]}</span> {shown}
                </span>{' '}
                {row.flapping && <FlappingMark />}
              </span>{' '}
              <span className="row">
                <span className="caption">{row.circuit_id}</span>{' '}
                <span className="caption figure">{utilText}</span>
              </span>
            </RouterLink>
          )
        })}
      </SharedTips>
      {total > rows.length && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          {translate('gsn.noc.more_uplinks', { count: total - rows.length })}
        </Typography>
      )}
    </Box>
  )
}
