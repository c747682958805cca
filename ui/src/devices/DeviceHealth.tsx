import { useMemo, useState } from 'react'
import { Alert, Box, Chip, Link, Stack, Tab, Tabs, Typography } from '@mui/material'
import { LineChart } from '@mui/x-charts/LineChart'
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine'
import { useLocaleState, useTranslate } from 'react-admin'
import { Link as RouterLink } from 'react-router'
import { getJson, useApiQuery } from '../noc/api'
import { dateLocale } from '../noc/format'
import { Fact, Panel } from '../noc/parts'
import type { HealthPoint } from '../../../shared/device_health'

export const HEALTH_RANGES = ['1h', '24h', '7d', '30d', '1y'] as const
type HealthRange = (typeof HEALTH_RANGES)[number]

interface Health {
  range: HealthRange
  resolution: 'raw' | '5m' | '1h' | '1d'
  from: string
  to: string
  series: HealthPoint[]
  latest: {
    at: string
    cpu_pct: number | null
    load_1: number | null
    memory_pct: number | null
    memory_total_bytes: number | null
    storage_pct: number | null
    storage_used_bytes: number | null
    storage_size_bytes: number | null
    temperature_c: number | null
    uptime_s: number | null
  } | null
  thresholds: { cpu_pct: number; memory_pct: number; storage_pct: number; temperature_c: number; sustain_polls: number } | null
  reasons_text: string[]
  breach_polls: number
  open_incident_id: number | null
  absent_mibs: string[]
  health_polls: number
}

const REFRESH_MS: Record<HealthRange, number> = { '1h': 60_000, '24h': 5 * 60_000, '7d': 15 * 60_000, '30d': 30 * 60_000, '1y': 60 * 60_000 }
// Text colours on white of at least 4.5:1 (WCAG 2.1 AA), as the traffic chart's.
const AVG = '#1565c0'
const MAX = '#b71c1c'
const LIMIT = '#8a4b00'

function pct(v: number | null | undefined, digits = 1) {
  return v === null || v === undefined ? '—' : `${v.toFixed(digits)}%`
}

function bytes(v: number | null | undefined) {
  if (v === null || v === undefined) return '—'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = v
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${Number(value.toPrecision(3))} ${units[unit]}`
}

function timeFormat(range: HealthRange, locale: string) {
  const options: Intl.DateTimeFormatOptions =
    range === '1h' || range === '24h'
      ? { hour: '2-digit', minute: '2-digit', hour12: false }
      : range === '1y'
        ? { year: 'numeric', month: 'short' }
        : { month: 'numeric', day: 'numeric' }
  const format = new Intl.DateTimeFormat(dateLocale(locale), { ...options, timeZone: 'Asia/Taipei' })
  const full = new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: 'medium', timeStyle: 'short', hour12: false, timeZone: 'Asia/Taipei' })
  return { tick: (d: Date) => format.format(d), full: (d: Date) => full.format(d) }
}

/**
 * The device's own health beside its interfaces: CPU, memory, the fullest disk or flash,
 * the hottest temperature sensor and uptime, over the same ranges as a link's traffic, with the
 * thresholds of its kind drawn on each chart. What the server judged (thresholds crossed, the
 * incident it opened, MIBs the device does not answer) is stated above the charts in words.
 */
export function DeviceHealth({ deviceId }: { deviceId: number }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [range, setRange] = useState<HealthRange>('24h')
  const health = useApiQuery(
    ['noc', 'device', deviceId, 'health', range, locale],
    (signal) => getJson<Health>(`/devices/${deviceId}/health?range=${range}`, signal),
    { refetchInterval: REFRESH_MS[range] }
  )
  const data = health.data?.range === range ? health.data : undefined
  const fmt = timeFormat(range, locale)
  const dataset = useMemo(
    () => (data?.series ?? []).map((p) => ({ ...p, date: new Date(p.time), uptime_d: p.uptime_s === null ? null : p.uptime_s / 86_400 })),
    [data]
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
  const percentChart = (id: string, title: string, avg: keyof HealthPoint, max: keyof HealthPoint, threshold: number | undefined) => (
    <Box data-testid={`chart-${id}`}>
      <Typography variant="subtitle2" component="h3">
        {title}
      </Typography>
      <LineChart
        dataset={dataset}
        height={200}
        xAxis={xAxis}
        yAxis={[{ min: 0, max: 100, valueFormatter: (v: number) => `${v}%`, width: 48 }]}
        series={[
          { dataKey: avg, label: translate('gsn.device_health.average'), color: AVG, showMark: false, curve: 'linear', valueFormatter: (v) => pct(v as number | null) },
          { dataKey: max, label: translate('gsn.device_health.highest'), color: MAX, showMark: false, curve: 'linear', valueFormatter: (v) => pct(v as number | null) },
        ]}
      >
        {threshold !== undefined && (
          <ChartsReferenceLine
            y={threshold}
            label={translate('gsn.device_health.threshold', { value: `${threshold}%` })}
            labelAlign="start"
            lineStyle={{ stroke: LIMIT, strokeDasharray: '4 3' }}
            labelStyle={{ fill: LIMIT, fontSize: 11 }}
          />
        )}
      </LineChart>
    </Box>
  )
  const uptime = data?.latest?.uptime_s ?? null

  return (
    <Panel
      title={translate('gsn.device_health.title')}
      testId="device-health"
      action={
        <Tabs value={range} onChange={(_, v) => setRange(v)} aria-label={translate('gsn.traffic.range')}>
          {HEALTH_RANGES.map((r) => (
            <Tab key={r} value={r} label={translate(`gsn.traffic.ranges.${r}`)} sx={{ minWidth: 64, textTransform: 'none' }} />
          ))}
        </Tabs>
      }
    >
      {health.error && <Alert severity="warning">{translate('gsn.device_health.unavailable', { message: (health.error as Error).message })}</Alert>}
      {data && (
        <Stack spacing={2}>
          <Stack direction="row" spacing={3} useFlexGap flexWrap="wrap" alignItems="flex-start" data-testid="health-now">
            <Fact label={translate('gsn.device_health.cpu')}>
              <span data-testid="health-cpu">{pct(data.latest?.cpu_pct)}</span>
            </Fact>
            <Fact label={translate('gsn.device_health.memory')}>
              {pct(data.latest?.memory_pct)} {data.latest?.memory_total_bytes ? translate('gsn.device_health.of', { total: bytes(data.latest.memory_total_bytes) }) : ''}
            </Fact>
            <Fact label={translate('gsn.device_health.storage')}>
              {pct(data.latest?.storage_pct)}{' '}
              {data.latest?.storage_size_bytes ? translate('gsn.device_health.of', { total: bytes(data.latest.storage_size_bytes) }) : ''}
            </Fact>
            <Fact label={translate('gsn.device_health.temperature')}>
              {data.latest?.temperature_c === null || data.latest?.temperature_c === undefined ? '—' : `${data.latest.temperature_c.toFixed(1)} °C`}
            </Fact>
            <Fact label={translate('gsn.device_health.uptime')}>
              {uptime === null
                ? '—'
                : translate('gsn.device_health.uptime_value', { days: Math.floor(uptime / 86_400), hours: Math.floor((uptime % 86_400) / 3600) })}
            </Fact>
            <Fact label={translate('gsn.device_health.last_poll')}>{data.latest ? fmt.full(new Date(data.latest.at)) : '—'}</Fact>
          </Stack>
          {data.reasons_text.length > 0 ? (
            <Alert severity={data.open_incident_id ? 'error' : 'warning'} data-testid="health-reasons">
              {translate('gsn.device_health.crossed', { polls: data.breach_polls, reasons: data.reasons_text.join(locale === 'zh-TW' ? '；' : '; ') })}
              {data.open_incident_id && (
                <>
                  {' '}
                  <Link component={RouterLink} to={`/incidents/${data.open_incident_id}/show`}>
                    {translate('gsn.device_health.incident')}
                  </Link>
                </>
              )}
            </Alert>
          ) : (
            data.latest && (
              <Typography variant="body2" color="text.secondary" data-testid="health-reasons">
                {translate('gsn.device_health.within')}
              </Typography>
            )
          )}
          {data.absent_mibs.length > 0 && (
            <Stack direction="row" spacing={1} alignItems="center" useFlexGap flexWrap="wrap" data-testid="health-absent">
              <Typography variant="body2" color="text.secondary">
                {translate('gsn.device_health.absent')}
              </Typography>
              {data.absent_mibs.map((mib) => (
                <Chip key={mib} size="small" variant="outlined" label={translate(`gsn.device_health.mibs.${mib}`)} />
              ))}
            </Stack>
          )}
          {dataset.length === 0 ? (
            <Typography color="text.secondary">{translate('gsn.device_health.no_data')}</Typography>
          ) : (
            <>
              <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
                {percentChart('cpu', translate('gsn.device_health.cpu_chart'), 'cpu_avg', 'cpu_max', data.thresholds?.cpu_pct)}
                {percentChart('memory', translate('gsn.device_health.memory_chart'), 'memory_avg', 'memory_max', data.thresholds?.memory_pct)}
                {percentChart('storage', translate('gsn.device_health.storage_chart'), 'storage_avg', 'storage_max', data.thresholds?.storage_pct)}
                <Box data-testid="chart-temperature">
                  <Typography variant="subtitle2" component="h3">
                    {translate('gsn.device_health.temperature_chart')}
                  </Typography>
                  <LineChart
                    dataset={dataset}
                    height={200}
                    xAxis={xAxis}
                    yAxis={[{ min: 0, valueFormatter: (v: number) => `${v} °C`, width: 56 }]}
                    series={[
                      { dataKey: 'temperature_avg', label: translate('gsn.device_health.average'), color: AVG, showMark: false, curve: 'linear', valueFormatter: (v) => (v === null ? '—' : `${(v as number).toFixed(1)} °C`) },
                      { dataKey: 'temperature_max', label: translate('gsn.device_health.highest'), color: MAX, showMark: false, curve: 'linear', valueFormatter: (v) => (v === null ? '—' : `${(v as number).toFixed(1)} °C`) },
                    ]}
                  >
                    {data.thresholds && (
                      <ChartsReferenceLine
                        y={data.thresholds.temperature_c}
                        label={translate('gsn.device_health.threshold', { value: `${data.thresholds.temperature_c} °C` })}
                        labelAlign="start"
                        lineStyle={{ stroke: LIMIT, strokeDasharray: '4 3' }}
                        labelStyle={{ fill: LIMIT, fontSize: 11 }}
                      />
                    )}
                  </LineChart>
                </Box>
              </Box>
              <Box data-testid="chart-uptime">
                <Typography variant="subtitle2" component="h3">
                  {translate('gsn.device_health.uptime_chart')}
                </Typography>
                <LineChart
                  dataset={dataset}
                  height={160}
                  xAxis={xAxis}
                  yAxis={[{ min: 0, valueFormatter: (v: number) => translate('gsn.device_health.days', { days: Number(v.toFixed(1)) }), width: 64 }]}
                  series={[
                    {
                      dataKey: 'uptime_d',
                      label: translate('gsn.device_health.uptime'),
                      color: AVG,
                      showMark: false,
                      curve: 'stepAfter',
                      valueFormatter: (v) => (v === null ? '—' : translate('gsn.device_health.days', { days: Number((v as number).toFixed(2)) })),
                    },
                  ]}
                />
              </Box>
              <Typography variant="caption" color="text.secondary">
                {translate(`gsn.traffic.resolution.${data.resolution}`)} · {translate('gsn.device_health.method')}
              </Typography>
            </>
          )}
        </Stack>
      )}
    </Panel>
  )
}
