import { useMemo } from 'react'
import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'
import { useTranslate } from 'react-admin'
import { useAgencyNames, useFlows, type MatrixRow } from './api'
import { formatBytes } from './format'
import { cellKey, HEAT_SHADES, heatLevel, matrixGrid, type MatrixKey } from './matrix'
import { FlowPanel, QueryError, Scroller } from './parts'

/**
 * Bytes between agencies as a table shaded like a heat map: rows send, columns receive. Every
 * cell states its figure, so the shade adds emphasis and never carries the meaning alone.
 */
export function AgencyMatrix({ query }: { query: string }) {
  const translate = useTranslate()
  const answer = useFlows<MatrixRow[]>('matrix', `${query}&per=agency`)
  const grid = useMemo(() => matrixGrid(answer.data?.rows ?? []), [answer.data])
  const ids = useMemo(() => [...grid.sources, ...grid.destinations].filter((k): k is number => typeof k === 'number'), [grid])
  const names = useAgencyNames(ids)
  const nameOf = (key: MatrixKey) =>
    key === null
      ? translate('gsn.flows.no_agency')
      : key === 'other'
        ? translate('gsn.flows.other_agencies')
        : names.get(key) ?? translate('gsn.flows.agency_id', { id: key })
  const title = translate('gsn.flows.matrix')
  return (
    <FlowPanel title={title} testId="agency-matrix">
      <QueryError error={answer.error} />
      {answer.data && grid.sources.length === 0 && <Typography color="text.secondary">{translate('gsn.flows.none')}</Typography>}
      {grid.sources.length > 0 && (
        <Scroller label={title}>
          <Table size="small" sx={{ '& td, & th': { border: '1px solid', borderColor: 'divider' } }}>
            <caption style={{ captionSide: 'top', textAlign: 'left', padding: '0 0 8px' }}>
              <Typography variant="body2" color="text.secondary" component="span">
                {translate('gsn.flows.matrix_caption')}
              </Typography>
            </caption>
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">
                  {translate('gsn.flows.matrix_from')}
                </TableCell>
                {grid.destinations.map((d) => (
                  <TableCell key={String(d)} component="th" scope="col" align="right" sx={{ minWidth: 96 }}>
                    {nameOf(d)}
                  </TableCell>
                ))}
                <TableCell component="th" scope="col" align="right">
                  {translate('gsn.flows.total')}
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {grid.sources.map((s) => (
                <TableRow key={String(s)} data-testid="matrix-row" data-agency={String(s)}>
                  <TableCell component="th" scope="row">
                    {nameOf(s)}
                  </TableCell>
                  {grid.destinations.map((d) => {
                    const bytes = grid.cells.get(cellKey(s, d)) ?? 0
                    const shade = HEAT_SHADES[heatLevel(bytes, grid.max)]
                    return (
                      <TableCell
                        key={String(d)}
                        align="right"
                        data-bytes={bytes}
                        sx={{ backgroundColor: shade.background, color: shade.color, whiteSpace: 'nowrap' }}
                      >
                        {bytes > 0 ? formatBytes(bytes) : '—'}
                      </TableCell>
                    )
                  })}
                  <TableCell align="right" sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}>
                    {formatBytes(grid.rowTotals.get(s) ?? 0)}
                  </TableCell>
                </TableRow>
              ))}
              <TableRow>
                <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
                  {translate('gsn.flows.total')}
                </TableCell>
                {grid.destinations.map((d) => (
                  <TableCell key={String(d)} align="right" sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}>
                    {formatBytes(grid.columnTotals.get(d) ?? 0)}
                  </TableCell>
                ))}
                <TableCell align="right" sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}>
                  {formatBytes(grid.total)}
                </TableCell>
              </TableRow>
            </TableBody>
          </Table>
        </Scroller>
      )}
    </FlowPanel>
  )
}
