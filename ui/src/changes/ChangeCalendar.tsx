import { useMemo, useState } from 'react'
import { Title, useLocaleState, useTranslate } from 'react-admin'
import { Box, Button, Chip, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material'
import { Link } from 'react-router'
import { useChangeApi } from './api'

interface CalendarChange {
  id: number
  number: string
  title: string
  type: string
  status: string
  planned_start: string
  planned_end: string
  conflicts: unknown[]
}
interface Freeze {
  id: number
  name: string
  starts_at: string
  ends_at: string
}
interface Calendar {
  changes: CalendarChange[]
  freezes: Freeze[]
}

const DAY = 86_400_000
/** Days are Taipei days (UTC+8, no daylight saving): the programme's people are there. */
const TAIPEI = 8 * 3_600_000
const taipeiDay = (ms: number) => Math.floor((ms + TAIPEI) / DAY)
const dayStart = (day: number) => day * DAY - TAIPEI
const today = () => taipeiDay(Date.now())
/** Monday of the week holding `day` (1970-01-01 was a Thursday). */
const weekStart = (day: number) => day - ((day + 3) % 7)

function range(view: 'month' | 'week', anchor: number) {
  if (view === 'week') return { first: weekStart(anchor), days: 7 }
  const date = new Date(dayStart(anchor) + TAIPEI)
  const firstOfMonth = taipeiDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) - TAIPEI)
  const nextMonth = taipeiDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - TAIPEI)
  const first = weekStart(firstOfMonth)
  return { first, days: Math.ceil((nextMonth - first) / 7) * 7 }
}

/**
 * The change calendar: a month or a week of Taipei days as a table, each day listing the changes
 * planned over it (conflicting ones marked) and the freezes covering it.
 */
export default function ChangeCalendar() {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [view, setView] = useState<'month' | 'week'>('month')
  const [anchor, setAnchor] = useState(today)
  const { first, days } = range(view, anchor)
  const from = new Date(dayStart(first)).toISOString()
  const to = new Date(dayStart(first + days)).toISOString()
  const { data } = useChangeApi<Calendar>(`/changes/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
  const lang = locale === 'zh-TW' ? 'zh-TW' : 'en-GB'
  const heading = new Date(dayStart(anchor) + TAIPEI).toLocaleDateString(lang, { timeZone: 'UTC', year: 'numeric', month: 'long', ...(view === 'week' ? { day: 'numeric' } : {}) })
  const weeks = useMemo(() => Array.from({ length: days / 7 }, (_, w) => Array.from({ length: 7 }, (_, d) => first + w * 7 + d)), [first, days])
  const on = (day: number) => {
    const [start, end] = [dayStart(day), dayStart(day + 1)]
    const meets = (s: string, e: string) => new Date(s).getTime() < end && new Date(e).getTime() > start
    return {
      changes: (data?.changes ?? []).filter((c) => meets(c.planned_start, c.planned_end)),
      freezes: (data?.freezes ?? []).filter((f) => meets(f.starts_at, f.ends_at)),
    }
  }
  const step = (n: number) => setAnchor((a) => (view === 'week' ? a + 7 * n : taipeiDay(Date.UTC(new Date(dayStart(a) + TAIPEI).getUTCFullYear(), new Date(dayStart(a) + TAIPEI).getUTCMonth() + n, 1) - TAIPEI)))
  const weekday = (d: number) => new Date(dayStart(first + d) + TAIPEI).toLocaleDateString(lang, { timeZone: 'UTC', weekday: 'short' })

  return (
    <Box sx={{ p: 2 }}>
      <Title title="gsn.changes.calendar" />
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 2 }} flexWrap="wrap" useFlexGap>
        <Typography variant="h5" component="h1" sx={{ mr: 2 }}>{translate('gsn.changes.calendar')}: {heading}</Typography>
        <Button variant="outlined" onClick={() => step(-1)}>{translate('gsn.changes.previous')}</Button>
        <Button variant="outlined" onClick={() => setAnchor(today())}>{translate('gsn.changes.today')}</Button>
        <Button variant="outlined" onClick={() => step(1)}>{translate('gsn.changes.next')}</Button>
        <ToggleButtonGroup exclusive size="small" value={view} onChange={(_, v) => v && setView(v)} aria-label={translate('gsn.changes.view')}>
          <ToggleButton value="month">{translate('gsn.changes.month')}</ToggleButton>
          <ToggleButton value="week">{translate('gsn.changes.week')}</ToggleButton>
        </ToggleButtonGroup>
      </Stack>
      <Box component="table" sx={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' }} aria-label={translate('gsn.changes.calendar')}>
        <thead>
          <tr>
            {Array.from({ length: 7 }, (_, d) => (
              <Box component="th" scope="col" key={d} sx={{ p: 0.5, textAlign: 'left', borderBottom: 1, borderColor: 'divider' }}>{weekday(d)}</Box>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((day) => {
                const { changes, freezes } = on(day)
                const date = new Date(dayStart(day) + TAIPEI)
                return (
                  <Box component="td" key={day} sx={{ verticalAlign: 'top', border: 1, borderColor: 'divider', p: 0.5, height: view === 'week' ? 240 : 110, bgcolor: freezes.length ? '#fff3e0' : undefined }}>
                    <Typography variant="caption" component="div" sx={{ fontWeight: day === today() ? 700 : 400 }}>
                      {date.toLocaleDateString(lang, { timeZone: 'UTC', month: 'numeric', day: 'numeric' })}
                    </Typography>
                    {freezes.map((f) => (
                      <Chip key={`f${f.id}`} size="small" label={`${translate('gsn.changes.freeze_short')} ${f.name}`} sx={{ maxWidth: '100%', mb: 0.5 }} />
                    ))}
                    {changes.length > 0 && (
                      // A list, so a screen reader says how many changes the day holds and keeps each one's mark with it.
                      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
                        {changes.map((c) => (
                          <Box component="li" key={c.id} sx={{ fontSize: 12, mb: 0.5 }}>
                            <Link to={`/changes/${c.id}/show`}>{c.number}</Link> {view === 'week' && c.title}
                            {c.conflicts.length > 0 && <Box component="span" sx={{ color: '#8a4b00', fontWeight: 700 }}> ⚠ {translate('gsn.changes.conflicts_count', { smart_count: c.conflicts.length })}</Box>}
                            <Box component="span" sx={{ display: 'block', color: 'text.secondary' }}>{translate(`enums.change_status.${c.status}`)}</Box>
                          </Box>
                        ))}
                      </Box>
                    )}
                  </Box>
                )
              })}
            </tr>
          ))}
        </tbody>
      </Box>
    </Box>
  )
}
