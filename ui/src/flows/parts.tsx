import type { ReactNode } from 'react'
import { Alert, Box, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'
import { BarChart } from '@mui/x-charts/BarChart'
import { useTranslate } from 'react-admin'
import { formatBytes } from './format'

/** A section of the explorer with a real heading, so a screen reader can jump between them. */
export function FlowPanel({ title, testId, action, children }: { title: string; testId?: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card variant="outlined" data-testid={testId} component="section">
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 1, mb: 1, flexWrap: 'wrap' }}>
          <Typography component="h2" variant="subtitle1" fontWeight={600}>
            {title}
          </Typography>
          {action}
        </Box>
        {children}
      </CardContent>
    </Card>
  )
}

/**
 * A wide table's horizontal scroller. It takes the keyboard focus (tab to it, then the arrow keys
 * scroll), so a table that overflows is readable without a mouse even when nothing in it is a
 * link (WCAG 2.1.1); named after its table for the screen reader that lands on it.
 */
export function Scroller({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box role="region" aria-label={label} tabIndex={0} sx={{ width: 0, minWidth: '100%', overflowX: 'auto', '&:focus-visible': { outline: '2px solid #1565c0' } }}>
      {children}
    </Box>
  )
}

export function QueryError({ error }: { error: unknown }) {
  const translate = useTranslate()
  if (!error) return null
  return <Alert severity="warning">{translate('gsn.flows.unavailable', { message: (error as Error).message })}</Alert>
}

export interface RankedColumn<R> {
  label: string
  render: (row: R) => ReactNode
  numeric?: boolean
}

/**
 * A top-N list as a bar chart of bytes and the table it draws. The chart is a picture of the
 * table (hidden from screen readers, which read the table), so nothing is only in the chart.
 */
export function Ranked<R extends { bytes: number }>({
  title,
  testId,
  rows,
  label,
  columns,
  error,
  colour = '#1565c0',
}: {
  title: string
  testId: string
  rows: R[] | undefined
  label: (row: R) => string
  columns: RankedColumn<R>[]
  error?: unknown
  colour?: string
}) {
  const translate = useTranslate()
  return (
    <FlowPanel title={title} testId={testId}>
      <QueryError error={error} />
      {rows && rows.length === 0 && <Typography color="text.secondary">{translate('gsn.flows.none')}</Typography>}
      {rows && rows.length > 0 && (
        <>
          <Box aria-hidden="true" data-testid={`${testId}-chart`}>
            <BarChart
              layout="horizontal"
              height={Math.max(120, 28 * rows.length + 48)}
              dataset={rows.map((r) => ({ name: label(r), bytes: r.bytes }))}
              yAxis={[{ scaleType: 'band', dataKey: 'name', width: 150 }]}
              xAxis={[{ min: 0, valueFormatter: (v: number) => formatBytes(v, 2) }]}
              series={[{ dataKey: 'bytes', label: translate('gsn.flows.bytes'), color: colour, valueFormatter: (v) => formatBytes(v) }]}
              hideLegend
              skipAnimation
            />
          </Box>
          <Scroller label={title}>
            <Table size="small" aria-label={title}>
              <TableHead>
                <TableRow>
                  <TableCell component="th" scope="col" align="right">
                    {translate('gsn.flows.rank')}
                  </TableCell>
                  {columns.map((c) => (
                    <TableCell key={c.label} component="th" scope="col" align={c.numeric ? 'right' : 'left'}>
                      {c.label}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((r, i) => (
                  <TableRow key={label(r)} data-testid={`${testId}-row`}>
                    <TableCell align="right">{i + 1}</TableCell>
                    {columns.map((c) => (
                      <TableCell key={c.label} align={c.numeric ? 'right' : 'left'} sx={{ whiteSpace: 'nowrap' }}>
                        {c.render(r)}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Scroller>
        </>
      )}
    </FlowPanel>
  )
}
