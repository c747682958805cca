import { Chip, Stack, Typography } from '@mui/material'
import PauseIcon from '@mui/icons-material/Pause'
import CheckIcon from '@mui/icons-material/Check'
import AlarmIcon from '@mui/icons-material/Alarm'
import WarningIcon from '@mui/icons-material/Warning'
import { Labeled, useLocaleState, useRecordContext, useTranslate } from 'react-admin'
import { formatAgo, useNow } from '../noc/format'
import { clockView, currentClock, policyName, type ClockView, type Sla } from './sla_clock'

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

/** The list's SLA cell: the clock that matters now. Empty while the API sends no SLA. */
export function SlaChip() {
  const sla = useRecordContext()?.sla as Sla | null | undefined
  const now = useNow(30_000)
  return sla ? <ClockChip view={currentClock(sla, now)} now={now} /> : null
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
