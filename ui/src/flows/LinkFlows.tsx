import { useMemo, useState } from 'react'
import { Alert, Box, Link, Stack, Tab, Tabs, Typography } from '@mui/material'
import { LineChart } from '@mui/x-charts/LineChart'
import { Link as RouterLink } from 'react-router'
import { useLocaleState, useTranslate } from 'react-admin'
import { getJson, useApiQuery } from '../noc/api'
import { formatBps, useNow } from '../noc/format'
import type { Traffic, TrafficRange } from '../links/LinkTraffic'
import { useFlows, type SeriesRow } from './api'
import { criteriaToParams, fillSteps, flowQuery, type FlowWindow } from './criteria'
import { taipeiAxis } from './charts'
import { FlowPanel, QueryError } from './parts'
import { TopTalkers } from './TopPanels'

/** The ranges both charts can cover, and the flow step that matches the SNMP chart's resolution. */
const RANGES = ['1h', '24h', '7d', '30d'] as const satisfies readonly TrafficRange[]
type Range = (typeof RANGES)[number]
const SPAN_MS: Record<Range, number> = { '1h': 3600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 }
const STEP_S: Record<Range, number> = { '1h': 60, '24h': 300, '7d': 3600, '30d': 3600 }

const IN = '#2e7d32'
const OUT = '#1565c0'
const FLOWS = '#c62828'

/**
 * The link page's Flows tab: the bits per second its flows carried, drawn over the interface's
 * SNMP counters for the same range (the two should tell the same story; a gap between them is
 * traffic the exporter did not see or sampled away), and who sent and received the most on it.
 */
export default function LinkFlows({ linkId }: { linkId: number }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [range, setRange] = useState<Range>('24h')
  const now = useNow(60_000)
  const window: FlowWindow = useMemo(() => {
    const to = Math.ceil(now / 60_000) * 60_000
    return { from: new Date(to - SPAN_MS[range]).toISOString(), to: new Date(to).toISOString() }
  }, [now, range])
  const step = STEP_S[range]
  const query = flowQuery({ range: 'custom', link_id: linkId }, window)
  const flows = useFlows<SeriesRow[]>('series', `${query}&step=${step}`)
  const snmp = useApiQuery(['noc', 'link', linkId, 'traffic', range], (signal) => getJson<Traffic>(`/links/${linkId}/traffic?range=${range}`, signal))

  // One dataset on the union of both series' times; each line joins its own points across the other's.
  const dataset = useMemo(() => {
    const points = new Map<number, { date: Date; in_bps: number | null; out_bps: number | null; flow_bps: number | null }>()
    const at = (t: number) => points.get(t) ?? points.set(t, { date: new Date(t), in_bps: null, out_bps: null, flow_bps: null }).get(t)!
    if (flows.data) for (const p of fillSteps(flows.data.rows, window, step, Date.now())) at(p.time).flow_bps = p.bps
    if (snmp.data?.range === range) {
      for (const p of snmp.data.series) {
        const point = at(Date.parse(p.time))
        point.in_bps = p.in_bps
        point.out_bps = p.out_bps
      }
    }
    return [...points.values()].sort((a, b) => a.date.getTime() - b.date.getTime())
  }, [flows.data, snmp.data, window, step, range])

  const explore = `/flows?${criteriaToParams({ range: 'custom', from: window.from, to: window.to, link_id: linkId })}`
  return (
    <Stack spacing={2} data-testid="link-flows">
      <FlowPanel
        title={translate('gsn.flows.link_tab.chart')}
        testId="link-flow-chart"
        action={
          <Tabs value={range} onChange={(_, v) => setRange(v)} aria-label={translate('gsn.traffic.range')}>
            {RANGES.map((r) => (
              <Tab key={r} value={r} label={translate(`gsn.traffic.ranges.${r}`)} sx={{ minWidth: 64, textTransform: 'none' }} />
            ))}
          </Tabs>
        }
      >
        <QueryError error={flows.error} />
        {snmp.error && <Alert severity="info">{translate('gsn.traffic.unavailable', { message: (snmp.error as Error).message })}</Alert>}
        {dataset.length > 0 && (
          <Box
            data-testid="link-flow-series"
            data-snmp-points={dataset.filter((p) => p.in_bps !== null).length}
            data-flow-bytes={Math.round(dataset.reduce((sum, p) => sum + (p.flow_bps ?? 0), 0) * (step / 8))}
          >
            <LineChart
              dataset={dataset}
              height={280}
              xAxis={[taipeiAxis(SPAN_MS[range], locale, new Date(window.from), new Date(window.to))]}
              yAxis={[{ min: 0, valueFormatter: (v: number) => formatBps(v, 2), width: 72 }]}
              series={[
                { dataKey: 'in_bps', label: translate('gsn.flows.link_tab.snmp_in'), color: IN, showMark: false, curve: 'linear', connectNulls: true, valueFormatter: (v) => formatBps(v) },
                { dataKey: 'out_bps', label: translate('gsn.flows.link_tab.snmp_out'), color: OUT, showMark: false, curve: 'linear', connectNulls: true, valueFormatter: (v) => formatBps(v) },
                { dataKey: 'flow_bps', label: translate('gsn.flows.link_tab.flows_bps'), color: FLOWS, showMark: false, curve: 'linear', connectNulls: true, area: true, valueFormatter: (v) => formatBps(v) },
              ]}
              sx={{ '& .MuiAreaElement-root': { fillOpacity: 0.12 } }}
              skipAnimation
            />
          </Box>
        )}
        <Typography variant="caption" color="text.secondary" component="p">
          {translate('gsn.flows.link_tab.method', { step })}
        </Typography>
        <Link component={RouterLink} to={explore} variant="body2">
          {translate('gsn.flows.link_tab.explore')}
        </Link>
      </FlowPanel>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 1fr) minmax(0, 1fr)' } }}>
        <TopTalkers query={query} direction="src" linkScoped />
        <TopTalkers query={query} direction="dst" linkScoped />
      </Box>
    </Stack>
  )
}
