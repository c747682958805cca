import { Box, Chip, LinearProgress, Stack, Typography } from '@mui/material'
import PauseIcon from '@mui/icons-material/Pause'
import CheckIcon from '@mui/icons-material/Check'
import AlarmIcon from '@mui/icons-material/Alarm'
import WarningIcon from '@mui/icons-material/Warning'
import { Labeled, useLocaleState, useRecordContext, useTranslate } from 'react-admin'
import { formatAgo, useNow } from '../noc/format'
import { clockView, currentClock, elapsedShare, policyName, type ClockView, type Sla } from './sla_clock'

const ICONS = { running: <AlarmIcon />, paused: <PauseIcon />, breached: <WarningIcon />, met: <CheckIcon /> }

/**
 * One SLA clock as a chip: time left or breached in words and colour (a breach in the theme's
 * red, which clears 4.5:1 with white), and an icon, so colour is never the only sign.
 */
function ClockChip({ view, now }: { view: ClockView; now: number }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const clock = translate(`gsn.incidents.sla.${view.clock}`)
  const when = view.due ? formatAgo(view.due, locale, now) : '—'
  const text =
    view.state === 'running'
      ? translate('gsn.incidents.sla.due', { clock, when })
      : translate(`gsn.incidents.sla.${view.state}`, { clock, when })
  return (
    <Chip
      size="small"
      icon={ICONS[view.state]}
      label={text}
      color={view.state === 'breached' ? 'error' : 'default'}
      variant={view.state === 'running' || view.state === 'breached' ? 'filled' : 'outlined'}
      data-sla-state={view.state}
    />
  )
}

const BAR_COLOUR = { running: 'primary', paused: 'inherit', breached: 'error', met: 'success' } as const

/**
 * A queue's SLA cell: how much of the clock that matters is used, as a bar, above the chip that
 * says it in words (the bar is a meter named by the same words, for screen readers). From 75% on, when
 * the group is warned, the bar turns amber.
 */
export function SlaBar() {
  const sla = useRecordContext()?.sla as Sla | null | undefined
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const now = useNow(30_000)
  if (!sla) return null
  const view = currentClock(sla, now)
  const share = elapsedShare(sla, view)
  const clock = translate(`gsn.incidents.sla.${view.clock}`)
  const when = view.due ? formatAgo(view.due, locale, now) : '—'
  const words = view.state === 'running' ? translate('gsn.incidents.sla.due', { clock, when }) : translate(`gsn.incidents.sla.${view.state}`, { clock, when })
  const colour = view.state === 'running' && share >= 0.75 ? 'warning' : BAR_COLOUR[view.state]
  return (
    <Box sx={{ minWidth: 160 }}>
      <LinearProgress
        variant="determinate"
        // A gauge of time used, not a task's progress: a meter (ARIA 1.2), named by its words.
        role="meter"
        value={Math.min(100, Math.round(share * 100))}
        color={colour}
        aria-label={translate('gsn.incidents.queues.used', { words, percent: Math.round(share * 100) })}
        data-sla-state={view.state}
        sx={{ height: 8, borderRadius: 1, mb: 0.5 }}
      />
      <ClockChip view={view} now={now} />
    </Box>
  )
}

/** The incident page's SLA: both clocks and the policy they follow; nothing when there is none. */
export function SlaField() {
  const sla = useRecordContext()?.sla as Sla | null | undefined
  const translate = useTranslate()
  const now = useNow(30_000)
  if (!sla) return null
  const policy = policyName(sla)
  return (
    <Labeled label="resources.incidents.fields.sla">
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
        <ClockChip view={clockView(sla, 'respond', now)} now={now} />
        <ClockChip view={clockView(sla, 'resolve', now)} now={now} />
        {policy && <Typography variant="body2">{translate('gsn.incidents.sla.policy', { name: policy })}</Typography>}
      </Stack>
    </Labeled>
  )
}
