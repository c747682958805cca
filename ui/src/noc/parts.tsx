import type { ReactNode } from 'react'
import { Box, Card, CardContent, CardHeader, Chip, LinearProgress, Stack, TablePagination, Tooltip, Typography } from '@mui/material'
import SyncProblemIcon from '@mui/icons-material/SyncProblem'
import FiberManualRecordIcon from '@mui/icons-material/FiberManualRecord'
import { useLocaleState, useTranslate } from 'react-admin'
import { LOOK_COLOURS, LOOK_MARKS, lookOf, type LinkState, type Look } from './model'
import { formatAgo, formatPercent, formatTime, useNow } from './format'
import type { LiveState } from './useLiveEvents'

/** A link's look as a coloured chip; flapping links carry the flapping mark beside it. */
export function LookChip({
  look,
  flapping = false,
  size = 'small',
}: {
  look: Look
  flapping?: boolean
  size?: 'small' | 'medium'
}) {
  const translate = useTranslate()
  const { bg, fg } = LOOK_COLOURS[look]
  return (
    <Stack direction="row" spacing={0.5} alignItems="center" component="span">
      <Chip
        size={size}
        label={
          <>
            <LookMark look={look} /> <span>{translate(`gsn.noc.looks.${look}`)}</span>
          </>
        }
        data-look={look}
        sx={{ bgcolor: bg, color: fg, fontWeight: 600, minWidth: 64 }}
      />
      {flapping && <FlappingMark />}
    </Stack>
  )
}

/** The look's shape (model.ts LOOK_MARKS), for the eye only: the words beside it name the look. */
export function LookMark({ look }: { look: Look }) {
  return (
    <span aria-hidden="true" data-mark={look}>
      {LOOK_MARKS[look]}
    </span>
  )
}

export function FlappingMark() {
  const translate = useTranslate()
  return (
    <Tooltip title={translate('gsn.noc.flapping_help')}>
      <SyncProblemIcon fontSize="small" data-flapping="true" aria-label={translate('gsn.noc.flapping')} sx={{ color: '#e65100' }} />
    </Tooltip>
  )
}

export function StateChip(props: {
  state: LinkState
  admin_down: boolean
  suppressed: boolean
  in_maintenance: boolean
  flapping?: boolean
  size?: 'small' | 'medium'
}) {
  return <LookChip look={lookOf(props)} flapping={props.flapping} size={props.size} />
}

/**
 * Utilisation as a small bar that turns amber above 80% and red above 95%. The bar is named by
 * its direction and figure ("Utilisation in 73%"), so a screen reader says which bar it is;
 * `showDirection` also writes the direction beside it where no column heading does.
 */
export function UtilBar({ value, direction, showDirection = false }: { value: number | null; direction?: 'in' | 'out'; showDirection?: boolean }) {
  const translate = useTranslate()
  if (value === null || value === undefined) {
    return (
      <Typography variant="body2" color="text.secondary" component="span">
        —
      </Typography>
    )
  }
  const pct = Math.max(0, Math.min(1, value)) * 100
  const color = value > 0.95 ? 'error' : value > 0.8 ? 'warning' : 'success'
  const directionText = direction ? translate(`gsn.traffic.${direction}`) : ''
  const name = direction
    ? translate('gsn.noc.util_bar_direction', { direction: directionText, percent: formatPercent(value) })
    : translate('gsn.noc.util_bar', { percent: formatPercent(value) })
  return (
    <Stack direction="row" spacing={1} alignItems="center" sx={{ minWidth: 110 }}>
      {showDirection && directionText && (
        <Typography variant="caption" color="text.secondary" sx={{ minWidth: 24, whiteSpace: 'nowrap' }} component="span">
          {directionText}
        </Typography>
      )}
      <LinearProgress variant="determinate" value={pct} color={color} aria-label={name} sx={{ flex: 1, height: 6, borderRadius: 3 }} />
      <Typography variant="body2" sx={{ width: 40, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }} component="span" data-util={value}>
        {formatPercent(value)}
      </Typography>
    </Stack>
  )
}

/**
 * Orange for a stale reading, as text: the palette's warning orange (#ed6c02) is 3.1:1 on white;
 * Material's deep orange 900 reads 5.6:1 on the table's white and 5.4:1 on the page's #fafafb.
 * The dark wall screen keeps its own light warning orange, which is pale on its near-black.
 */
const STALE_TEXT_ON_LIGHT = '#bf360c'

/** "2 min ago", with the exact time on hover; old readings are drawn in orange. */
export function Ago({ at, staleAfterS }: { at: string | null; staleAfterS?: number }) {
  const [locale] = useLocaleState()
  const now = useNow()
  if (!at) return <span>—</span>
  const stale = staleAfterS !== undefined && now - new Date(at).getTime() > staleAfterS * 1000
  return (
    <Tooltip describeChild title={formatTime(at, locale)}>
      <Box component="span" sx={{ color: (theme) => (!stale ? undefined : theme.palette.mode === 'dark' ? theme.palette.warning.main : STALE_TEXT_ON_LIGHT), whiteSpace: 'nowrap' }}>
        {formatAgo(at, locale, now)}
      </Box>
    </Tooltip>
  )
}

/** Whether the page hears live events: the wall screen must show when it has gone deaf. */
export function LiveBadge({ live }: { live: LiveState }) {
  const translate = useTranslate()
  const colour = live.status === 'live' ? '#43a047' : live.status === 'connecting' ? '#9e9e9e' : '#e53935'
  return (
    <Stack
      direction="row"
      spacing={0.5}
      alignItems="center"
      data-testid="live-status"
      data-status={live.status}
      data-received={live.received}
    >
      <FiberManualRecordIcon sx={{ fontSize: 14, color: colour }} />
      <Typography variant="body2">{translate(`gsn.noc.live.${live.status}`)}</Typography>
    </Stack>
  )
}

/** The outlined card every monitoring section sits in, its title in the section's weight. */
export function Panel({ title, action, testId, children }: { title: string; action?: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <Card variant="outlined" data-testid={testId}>
      <CardHeader title={title} titleTypographyProps={{ variant: 'subtitle1', fontWeight: 600 }} action={action} sx={{ pb: 0 }} />
      <CardContent>{children}</CardContent>
    </Card>
  )
}

/** One labelled reading in a row of them (state, last poll, failures…). */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Box sx={{ typography: 'body2' }}>{children}</Box>
    </Box>
  )
}

/** Pages of a small table, shown only when there is more than one. */
export function Pager({ total, page, perPage, onPage }: { total: number; page: number; perPage: number; onPage: (page: number) => void }) {
  const translate = useTranslate()
  if (total <= perPage) return null
  return (
    <TablePagination
      component="div"
      count={total}
      page={page}
      rowsPerPage={perPage}
      rowsPerPageOptions={[perPage]}
      onPageChange={(_, p) => onPage(p)}
      labelDisplayedRows={({ from, to, count }) => translate('ra.navigation.page_range_info', { offsetBegin: from, offsetEnd: to, total: count })}
    />
  )
}
