import { useMemo, useState } from 'react'
import { Alert, Box, Stack, Tab, Tabs, Typography } from '@mui/material'
import { LineChart } from '@mui/x-charts/LineChart'
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine'
import { useLocaleState, useTranslate } from 'react-admin'
import { getJson, useApiQuery } from '../noc/api'
import { dateLocale, formatBps, formatPercent, formatRate } from '../noc/format'
import { TAIPEI, formatClock, formatDateTime, formatMonthDay } from '../common/taipei_time'
import { Panel } from '../noc/parts'
import { LinkLatency } from './LinkLatency'
import type { Resolution, SeriesPoint } from '../../../shared/traffic'

export const TRAFFIC_RANGES = ['1h', '24h', '7d', '30d', '1y'] as const
export type TrafficRange = (typeof TRAFFIC_RANGES)[number]

export interface Traffic {
  range: TrafficRange
  resolution: Resolution
  from: string
  to: string
  series: SeriesPoint[]
  p95_in: number | null
  p95_out: number | null
  p95_max: number | null
  p95_samples: number
}

/** Fewer points than this and the chart says the range is still filling. */
const FEW_POINTS = 6

/** The short ranges change every poll; the long ones every hour or day. */
const REFRESH_MS: Record<TrafficRange, number> = { '1h': 60_000, '24h': 5 * 60_000, '7d': 15 * 60_000, '30d': 30 * 60_000, '1y': 60 * 60_000 }

const IN = '#2e7d32'
const OUT = '#1565c0'
/** The two 95th percentile lines, labelled at opposite ends so that close values stay legible. */
const P95_LINES = [
  { direction: 'in', colour: IN, align: 'start' },
  { direction: 'out', colour: OUT, align: 'end' },
] as const

/** Ticks and tooltips in Taipei time, in the console's one convention (common/taipei_time.ts). */
function timeFormat(range: TrafficRange, locale: string) {
  const months = new Intl.DateTimeFormat(dateLocale(locale), { timeZone: TAIPEI, year: 'numeric', month: 'short' })
  return {
    tick: (d: Date) => (range === '1h' || range === '24h' ? formatClock(d) : range === '1y' ? months.format(d) : formatMonthDay(d, locale)),
    full: (d: Date) => formatDateTime(d, locale),
  }
}

/**
 * A link's traffic, utilisation and errors over one of the API's ranges. The 95th percentile
 * lines are the API's own p95_in and p95_out, taken from the 5-minute samples on the server:
 * the points drawn here are hourly or daily averages on the long ranges, and a percentile of
 * those would understate the peaks, so none is computed in the browser.
 */
export default function LinkTraffic({ linkId }: { linkId: number }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [range, setRange] = useState<TrafficRange>('24h')
  const traffic = useApiQuery(
    ['noc', 'link', linkId, 'traffic', range],
    (signal) => getJson<Traffic>(`/links/${linkId}/traffic?range=${range}`, signal),
    { refetchInterval: REFRESH_MS[range] }
  )
  const data = traffic.data?.range === range ? traffic.data : undefined
  const fmt = timeFormat(range, locale)
  const dataset = useMemo(
    () =>
      (data?.series ?? []).map((p) => ({
        ...p,
        date: new Date(p.time),
        in_pct: p.in_util === null ? null : p.in_util * 100,
        out_pct: p.out_util === null ? null : p.out_util * 100,
      })),
    [data]
  )
  const peak = Math.max(
    0,
    ...dataset.flatMap((p) => [p.in_bps ?? 0, p.out_bps ?? 0]),
    data?.p95_in ?? 0,
    data?.p95_out ?? 0
  )
  const xAxis = [
    {
      scaleType: 'time' as const,
      dataKey: 'date',
      min: data ? new Date(data.from) : undefined,
      max: data ? new Date(data.to) : undefined,
      valueFormatter: (d: Date, context: { location: string }) => (context.location === 'tick' ? fmt.tick(d) : fmt.full(d)),
    },
  ]
  const p95Label = (direction: 'in' | 'out', value: number | null) =>
    `${translate('gsn.traffic.p95_short')} ${translate(`gsn.traffic.${direction}`)} ${formatBps(value)}`

  return (
    <Panel
      title={translate('gsn.traffic.title')}
      testId="link-traffic"
      action={
        <Tabs value={range} onChange={(_, v) => setRange(v)} aria-label={translate('gsn.traffic.range')}>
          {TRAFFIC_RANGES.map((r) => (
            <Tab key={r} value={r} label={translate(`gsn.traffic.ranges.${r}`)} sx={{ minWidth: 64, textTransform: 'none' }} />
          ))}
        </Tabs>
      }
    >
      {traffic.error && (
        <Alert severity="warning">{translate('gsn.traffic.unavailable', { message: (traffic.error as Error).message })}</Alert>
      )}
      {data && (
        <Stack spacing={1}>
          <Typography variant="body2" data-testid="p95-summary">
            {data.p95_samples > 0
              ? translate('gsn.traffic.p95_summary', {
                  in: formatBps(data.p95_in),
                  out: formatBps(data.p95_out),
                  max: formatBps(data.p95_max),
                  samples: data.p95_samples.toLocaleString(locale),
                })
              : translate('gsn.traffic.p95_none')}
          </Typography>
          {dataset.length < FEW_POINTS && data.p95_samples > 0 && (
            // The long ranges draw the rollups, made hourly and daily: a fresh link has few or none
            // there while its 5-minute samples (and so the percentile) already exist.
            <Typography variant="body2" color="text.secondary" data-testid="traffic-few">
              {translate('gsn.traffic_few', { count: dataset.length })}
            </Typography>
          )}
          {dataset.length === 0 ? (
            data.p95_samples > 0 ? null : <Typography color="text.secondary">{translate('gsn.traffic.no_data')}</Typography>
          ) : (
            <>
              <Box data-testid="chart-traffic">
                <Typography variant="subtitle2">{translate('gsn.traffic.traffic')}</Typography>
                <LineChart
                  dataset={dataset}
                  height={280}
                  xAxis={xAxis}
                  yAxis={[{ min: 0, max: peak > 0 ? peak * 1.1 : 1, valueFormatter: (v: number) => formatBps(v, 2), width: 72 }]}
                  series={[
                    { dataKey: 'in_bps', label: translate('gsn.traffic.in'), color: IN, showMark: false, curve: 'linear', area: true, valueFormatter: (v) => formatBps(v) },
                    { dataKey: 'out_bps', label: translate('gsn.traffic.out'), color: OUT, showMark: false, curve: 'linear', valueFormatter: (v) => formatBps(v) },
                  ]}
                  sx={{ '& .MuiAreaElement-root': { fillOpacity: 0.15 } }}
                >
                  {P95_LINES.map(({ direction, colour, align }) => {
                    const value = direction === 'in' ? data.p95_in : data.p95_out
                    return value === null ? null : (
                      <ChartsReferenceLine
                        key={direction}
                        y={value}
                        label={p95Label(direction, value)}
                        labelAlign={align}
                        lineStyle={{ stroke: colour, strokeDasharray: '6 4', strokeWidth: 1.5 }}
                        labelStyle={{ fill: colour, fontSize: 12 }}
                      />
                    )
                  })}
                </LineChart>
              </Box>
              <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
                <Box data-testid="chart-utilisation">
                  <Typography variant="subtitle2">{translate('gsn.traffic.utilisation')}</Typography>
                  <LineChart
                    dataset={dataset}
                    height={220}
                    xAxis={xAxis}
                    yAxis={[{ min: 0, max: 100, valueFormatter: (v: number) => `${v}%`, width: 48 }]}
                    series={[
                      { dataKey: 'in_pct', label: translate('gsn.traffic.in'), color: IN, showMark: false, curve: 'linear', valueFormatter: (v) => (v === null ? '—' : formatPercent(v / 100, 1)) },
                      { dataKey: 'out_pct', label: translate('gsn.traffic.out'), color: OUT, showMark: false, curve: 'linear', valueFormatter: (v) => (v === null ? '—' : formatPercent(v / 100, 1)) },
                    ]}
                  >
                    <ChartsReferenceLine
                      y={80}
                      label={translate('gsn.traffic.threshold')}
                      labelAlign="end"
                      lineStyle={{ stroke: '#ffa000', strokeDasharray: '2 3' }}
                      labelStyle={{ fill: '#b26a00', fontSize: 11 }}
                    />
                  </LineChart>
                </Box>
                <Box data-testid="chart-errors">
                  <Typography variant="subtitle2">{translate('gsn.traffic.errors')}</Typography>
                  <LineChart
                    dataset={dataset}
                    height={220}
                    xAxis={xAxis}
                    yAxis={[{ min: 0, valueFormatter: (v: number) => formatRate(v), width: 48 }]}
                    series={[
                      { dataKey: 'in_errors_ps', label: translate('gsn.traffic.in_errors'), color: '#c62828', showMark: false, curve: 'linear', valueFormatter: (v) => formatRate(v) },
                      { dataKey: 'out_errors_ps', label: translate('gsn.traffic.out_errors'), color: '#6a1b9a', showMark: false, curve: 'linear', valueFormatter: (v) => formatRate(v) },
                      { dataKey: 'in_discards_ps', label: translate('gsn.traffic.in_discards'), color: '#ef6c00', showMark: false, curve: 'linear', valueFormatter: (v) => formatRate(v) },
                      { dataKey: 'out_discards_ps', label: translate('gsn.traffic.out_discards'), color: '#8d6e63', showMark: false, curve: 'linear', valueFormatter: (v) => formatRate(v) },
                    ]}
                  />
                </Box>
              </Box>
              <Typography variant="caption" color="text.secondary">
                {translate(`gsn.traffic.resolution.${data.resolution}`)} · {translate('gsn.traffic.p95_method')}
              </Typography>
            </>
          )}
        </Stack>
      )}
      <LinkLatency linkId={linkId} range={range} />
    </Panel>
  )
}
