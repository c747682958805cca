import { useMemo } from 'react'
import { Box, Typography } from '@mui/material'
import { LineChart } from '@mui/x-charts/LineChart'
import { useLocaleState, useTranslate } from 'react-admin'
import { formatBps } from '../noc/format'
import { useFlows, type SeriesRow } from './api'
import { fillSteps, stepFor, type FlowWindow } from './criteria'
import { taipeiAxis } from './charts'
import { FlowPanel, QueryError } from './parts'

/** Bits per second of the flows the explorer is asked about, step by step over its window. */
export function FlowSeries({ query, window }: { query: string; window: FlowWindow }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const step = stepFor(window)
  const answer = useFlows<SeriesRow[]>('series', `${query}&step=${step}`)
  const dataset = useMemo(
    () => (answer.data ? fillSteps(answer.data.rows, window, step, Date.now()).map((p) => ({ ...p, date: new Date(p.time) })) : []),
    [answer.data, window, step]
  )
  const span = Date.parse(window.to) - Date.parse(window.from)
  return (
    <FlowPanel title={translate('gsn.flows.series')} testId="flow-series">
      <QueryError error={answer.error} />
      {dataset.length > 0 && (
        <Box>
          <LineChart
            dataset={dataset}
            height={220}
            xAxis={[taipeiAxis(span, locale, new Date(window.from), new Date(window.to))]}
            yAxis={[{ min: 0, valueFormatter: (v: number) => formatBps(v, 2), width: 72 }]}
            series={[{ dataKey: 'bps', label: translate('gsn.flows.link_tab.flows_bps'), color: '#1565c0', showMark: false, curve: 'linear', area: true, valueFormatter: (v) => formatBps(v) }]}
            sx={{ '& .MuiAreaElement-root': { fillOpacity: 0.15 } }}
            hideLegend
            skipAnimation
          />
        </Box>
      )}
      <Typography variant="caption" color="text.secondary">
        {translate('gsn.flows.link_tab.method', { step })}
      </Typography>
    </FlowPanel>
  )
}
