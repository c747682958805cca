import { useMemo } from 'react'
import { Alert, Box, Stack, Typography } from '@mui/material'
import { LineChart } from '@mui/x-charts/LineChart'
import { useLocaleState, useTranslate } from 'react-admin'
import { getJson, useApiQuery } from '../noc/api'
import { dateLocale } from '../noc/format'
import type { TrafficRange } from './LinkTraffic'
import type { Latency as SharedLatency } from '../../../shared/line_quality'

type Latency = SharedLatency<TrafficRange>

/** Fewer points than this and the chart says the range is still filling. */
const FEW = 6
const REFRESH_MS: Record<TrafficRange, number> = { '1h': 60_000, '24h': 5 * 60_000, '7d': 15 * 60_000, '30d': 30 * 60_000, '1y': 60 * 60_000 }
const MEDIAN = '#0d47a1'
const BAND = '#90caf9'
const LOSS = '#c62828'

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Number(v.toPrecision(3))} ms`)
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Number((v * 100).toFixed(2))}%`)

/**
 * A link's round trips as SmokePing draws them: the median line over the shaded spread of each
 * burst (10th–90th percentile), and its loss below, from the API's series (bursts for an hour,
 * rollups beyond), over the traffic panel's range. A range still filling says how few points it has.
 */
export function LinkLatency({ linkId, range }: { linkId: number; range: TrafficRange }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const latency = useApiQuery(
    ['noc', 'link', linkId, 'latency', range],
    (signal) => getJson<Latency>(`/links/${linkId}/latency?range=${range}`, signal),
    { refetchInterval: REFRESH_MS[range] }
  )
  const data = latency.data?.range === range ? latency.data : undefined
  const dataset = useMemo(
    () =>
      (data?.series ?? []).map((p) => ({
        date: new Date(p.time),
        median: p.rtt_median,
        low: p.rtt_p10,
        band: p.rtt_p10 === null || p.rtt_p90 === null ? null : p.rtt_p90 - p.rtt_p10,
        high: p.rtt_p90,
        loss_pct: p.loss === null ? null : p.loss * 100,
      })),
    [data]
  )
  const tick = new Intl.DateTimeFormat(
    dateLocale(locale),
    range === '1h' || range === '24h' ? { hour: '2-digit', minute: '2-digit', hour12: false } : range === '1y' ? { year: 'numeric', month: 'short' } : { month: 'numeric', day: 'numeric' }
  )
  const full = new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: 'medium', timeStyle: 'short', hour12: false })
  const xAxis = [
    {
      scaleType: 'time' as const,
      dataKey: 'date',
      min: data ? new Date(data.from) : undefined,
      max: data ? new Date(data.to) : undefined,
      valueFormatter: (d: Date, context: { location: string }) => (context.location === 'tick' ? tick.format(d) : full.format(d)),
    },
  ]
  return (
    <Box data-testid="link-latency" component="section" aria-labelledby={`latency-title-${linkId}`} sx={{ mt: 3 }}>
      <Typography variant="subtitle1" component="h3" id={`latency-title-${linkId}`} gutterBottom>
        {translate('gsn.latency.title')}
      </Typography>
      {latency.error && <Alert severity="warning">{translate('gsn.latency.unavailable', { message: (latency.error as Error).message })}</Alert>}
      {data && (
        <Stack spacing={1}>
          {dataset.length === 0 ? (
            <Typography color="text.secondary">{translate('gsn.latency.none')}</Typography>
          ) : (
            <>
              <Typography variant="body2" data-testid="latency-summary">
                {translate('gsn.latency.summary', { median: ms(data.rtt_median).replace(' ms', ''), loss: pct(data.loss).replace('%', ''), sent: data.sent.toLocaleString(locale) })}
              </Typography>
              {dataset.length < FEW && (
                <Typography variant="body2" color="text.secondary" data-testid="latency-few">
                  {translate('gsn.latency.few', { count: dataset.length })}
                </Typography>
              )}
              <Box data-testid="chart-latency">
                <Typography variant="subtitle2">{translate('gsn.latency.rtt')}</Typography>
                <LineChart
                  dataset={dataset}
                  height={260}
                  xAxis={xAxis}
                  yAxis={[{ min: 0, valueFormatter: (v: number) => `${v}`, width: 48 }]}
                  series={[
                    // The band: an invisible area up to the 10th percentile with the spread stacked on it.
                    { id: 'spread-low', dataKey: 'low', stack: 'spread', area: true, showMark: false, color: 'transparent', valueFormatter: () => null },
                    {
                      dataKey: 'band',
                      stack: 'spread',
                      area: true,
                      showMark: false,
                      color: BAND,
                      label: translate('gsn.latency.band'),
                      valueFormatter: (_v, { dataIndex }) => `${ms(dataset[dataIndex]?.low)} – ${ms(dataset[dataIndex]?.high)}`,
                    },
                    { dataKey: 'median', showMark: dataset.length < FEW, color: MEDIAN, label: translate('gsn.latency.median'), valueFormatter: (v) => ms(v) },
                  ]}
                  sx={{ '& .MuiAreaElement-root': { fillOpacity: 0.5 } }}
                />
              </Box>
              <Box data-testid="chart-loss">
                <Typography variant="subtitle2">{translate('gsn.latency.loss')}</Typography>
                <LineChart
                  dataset={dataset}
                  height={140}
                  xAxis={xAxis}
                  yAxis={[{ min: 0, max: Math.max(5, ...dataset.map((p) => p.loss_pct ?? 0)), valueFormatter: (v: number) => `${v}%`, width: 48 }]}
                  series={[{ dataKey: 'loss_pct', area: true, showMark: (p) => (dataset[p.index]?.loss_pct ?? 0) > 0, color: LOSS, label: translate('gsn.latency.loss_axis'), valueFormatter: (v) => (v === null ? '—' : `${Number(v.toFixed(2))}%`) }]}
                  sx={{ '& .MuiAreaElement-root': { fillOpacity: 0.25 } }}
                />
              </Box>
              <Typography variant="caption" color="text.secondary">
                {translate(`gsn.latency.resolution.${data.resolution}`)} · {translate('gsn.latency.method')}
              </Typography>
            </>
          )}
        </Stack>
      )}
    </Box>
  )
}
