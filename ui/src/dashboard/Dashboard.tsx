import { useEffect, useMemo, useState } from 'react'
import { Loading, Title, useLocaleState, useTranslate } from 'react-admin'
import { Link as RouterLink } from 'react-router'
import AssessmentIcon from '@mui/icons-material/Assessment'
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Stack,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material'
import { Gauge, gaugeClasses } from '@mui/x-charts/Gauge'
import { BarChart } from '@mui/x-charts/BarChart'
import { LineChart } from '@mui/x-charts/LineChart'
import { API, httpClient } from '../common/http'
import { formatDateTime } from '../common/taipei_time'
import type { MinistryRow } from '../../../shared/overview'

type MeasureKey = 'data_centres' | 'information_systems' | 'agency_lines'

export interface Overview {
  generated_at: string
  measures: Array<{ key: MeasureKey; baseline: number; target: number; remaining: number; progress: number }>
  by_ministry: MinistryRow[]
  timeline: Array<{ month: string; data_centres_closed: number; systems_retired: number; lines_decommissioned: number }>
}

/** Which columns of by_ministry belong to each measure. */
const MINISTRY_COLUMNS = {
  data_centres: ['data_centres_remaining', 'data_centres_total'],
  information_systems: ['systems_remaining', 'systems_total'],
  agency_lines: ['lines_remaining', 'lines_total'],
} as const

const SERIES_OF: Record<MeasureKey, string> = {
  data_centres: 'data_centres_remaining',
  information_systems: 'systems_remaining',
  agency_lines: 'lines_remaining',
}

export default function Dashboard() {
  const translate = useTranslate()
  const [overview, setOverview] = useState<Overview | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const abort = new AbortController()
    httpClient(`${API}/overview`, { signal: abort.signal })
      .then(({ json }) => setOverview(json as Overview))
      .catch((e) => {
        if (!abort.signal.aborted) setError(e?.message ?? String(e))
      })
    return () => abort.abort()
  }, [])

  return (
    <Box sx={{ mt: 2 }}>
      <Title title="gsn.overview.title" />
      {error && <Alert severity="warning">{translate('gsn.overview.unavailable', { message: error })}</Alert>}
      {!error && !overview && <Loading />}
      {overview && <OverviewBody overview={overview} />}
    </Box>
  )
}

function OverviewBody({ overview }: { overview: Overview }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  return (
    <Stack spacing={2}>
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <Button component={RouterLink} to="/programme" startIcon={<AssessmentIcon />}>{translate('gsn.programme.open_review')}</Button>
        <Typography variant="body2" color="text.secondary">
          {translate('gsn.overview.generated_at', {
            time: formatDateTime(overview.generated_at, locale),
          })}
        </Typography>
      </Stack>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' } }}>
        {overview.measures.map((m) => (
          <MeasureCard key={m.key} measure={m} />
        ))}
      </Box>
      <MinistryChart rows={overview.by_ministry} />
      <TimelineChart rows={overview.timeline} />
    </Stack>
  )
}

function MeasureCard({ measure }: { measure: Overview['measures'][number] }) {
  const translate = useTranslate()
  const percent = Math.round(Math.max(0, Math.min(1, measure.progress)) * 100)
  return (
    <Card data-testid={`kpi-${measure.key}`}>
      <CardContent>
        <Typography variant="subtitle1" color="text.secondary">
          {translate(`gsn.overview.measures.${measure.key}`)}
        </Typography>
        <Stack direction="row" alignItems="center" spacing={2}>
          <Box sx={{ flex: 1 }}>
            <Typography variant="h3" component="p" sx={{ fontWeight: 500 }}>
              {measure.remaining.toLocaleString()}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {translate('gsn.overview.remaining')} ·{' '}
              {translate('gsn.overview.baseline_target', {
                baseline: measure.baseline.toLocaleString(),
                target: measure.target.toLocaleString(),
              })}
            </Typography>
            <Typography variant="body2">{translate('gsn.overview.progress', { percent })}</Typography>
          </Box>
          <Gauge
            width={120}
            height={120}
            value={percent}
            valueMin={0}
            valueMax={100}
            startAngle={-110}
            endAngle={110}
            innerRadius="70%"
            text={`${percent}%`}
            sx={{ [`& .${gaugeClasses.valueText}`]: { fontSize: 18 } }}
          />
        </Stack>
      </CardContent>
    </Card>
  )
}

function MinistryChart({ rows }: { rows: Overview['by_ministry'] }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [measure, setMeasure] = useState<MeasureKey>('data_centres')
  const [remainingKey, totalKey] = MINISTRY_COLUMNS[measure]
  const data = useMemo(
    () =>
      rows
        .map((r) => ({
          ministry: locale === 'zh-TW' ? r.name : r.name_en || r.code,
          remaining: r[remainingKey],
          consolidated: Math.max(0, r[totalKey] - r[remainingKey]),
        }))
        .filter((r) => r.remaining + r.consolidated > 0)
        .sort((a, b) => b.remaining - a.remaining),
    [rows, locale, remainingKey, totalKey]
  )
  return (
    <Card>
      <CardHeader
        title={translate('gsn.overview.by_ministry')}
        action={
          <ToggleButtonGroup
            size="small"
            exclusive
            value={measure}
            onChange={(_, v) => v && setMeasure(v)}
          >
            {(Object.keys(MINISTRY_COLUMNS) as MeasureKey[]).map((k) => (
              <ToggleButton key={k} value={k}>
                {translate(`gsn.overview.measures.${k}`)}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        }
      />
      <CardContent>
        {data.length === 0 ? (
          <Typography color="text.secondary">{translate('gsn.overview.no_data')}</Typography>
        ) : (
          <BarChart
            dataset={data}
            layout="horizontal"
            height={Math.max(220, data.length * 28 + 80)}
            // Wide enough for the long English names of ministries, which are not cut short.
            yAxis={[{ scaleType: 'band', dataKey: 'ministry', width: locale === 'zh-TW' ? 180 : 320, label: translate('gsn.programme.axis_ministry') }]}
            xAxis={[{ tickMinStep: 1, valueFormatter: count }]}
            series={[
              {
                dataKey: 'remaining',
                label: translate(`gsn.overview.series.${SERIES_OF[measure]}`) + ' · ' + translate('gsn.overview.remaining'),
                stack: 'total',
              },
              { dataKey: 'consolidated', label: translate('gsn.overview.consolidated'), stack: 'total', color: '#b0bec5' },
            ]}
          />
        )}
      </CardContent>
    </Card>
  )
}

/** Counts on an axis: whole numbers only (a month closes 3 data centres, not 2.5). */
const count = (value: number | null) => (value != null && Number.isInteger(value) ? value.toLocaleString() : '')

function TimelineChart({ rows }: { rows: Overview['timeline'] }) {
  const translate = useTranslate()
  const keys = ['data_centres_closed', 'systems_retired', 'lines_decommissioned'] as const
  return (
    <Card>
      <CardHeader title={translate('gsn.overview.timeline')} />
      <CardContent>
        {rows.length === 0 ? (
          <Typography color="text.secondary">{translate('gsn.overview.no_data')}</Typography>
        ) : (
          <LineChart
            dataset={rows}
            height={300}
            xAxis={[{ scaleType: 'point', dataKey: 'month' }]}
            // Lines close by the hundred, data centres by the handful: lines get their own axis.
            yAxis={[
              { id: 'few', position: 'left', min: 0, tickMinStep: 1, width: 64, valueFormatter: count, label: translate('gsn.programme.axis_few') },
              { id: 'many', position: 'right', min: 0, tickMinStep: 1, width: 72, valueFormatter: count, label: translate('gsn.programme.axis_many') },
            ]}
            series={keys.map((k) => ({
              dataKey: k,
              label: translate(`gsn.overview.series.${k}`),
              yAxisId: k === 'lines_decommissioned' ? 'many' : 'few',
              showMark: rows.length < 40,
            }))}
          />
        )}
      </CardContent>
    </Card>
  )
}
