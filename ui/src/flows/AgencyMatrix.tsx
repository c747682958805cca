import { useMemo, useState } from 'react'
import { Box, MenuItem, Table, TableBody, TableCell, TableHead, TableRow, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material'
import { useTranslate } from 'react-admin'
import { useAgencyNames, useFlows, useLinkNames, type MatrixRow } from './api'
import { formatBytes } from './format'
import { cellKey, HEAT_SHADES, heatLevel, linksByBytes, matrixGrid, rowsOfLink, type MatrixKey } from './matrix'
import { FlowPanel, QueryError, Scroller } from './parts'

type Per = 'agency' | 'link'
/** The link picker's value for flows no link carried (a Select needs a string). */
const NO_LINK = 'none'

/**
 * Bytes between agencies as a table shaded like a heat map: rows send, columns receive. Every
 * cell states its figure, so the shade adds emphasis and never carries the meaning alone. Per
 * link, the same table for one link at a time, the links offered busiest first.
 */
export function AgencyMatrix({ query }: { query: string }) {
  const translate = useTranslate()
  const [per, setPer] = useState<Per>('agency')
  const [chosen, setChosen] = useState<string | null>(null)
  const answer = useFlows<MatrixRow[]>('matrix', `${query}&per=${per}`)
  const links = useMemo(() => (per === 'link' ? linksByBytes(answer.data?.rows ?? []) : []), [answer.data, per])
  const linkNames = useLinkNames(links.map((l) => l.link))
  const linkValue = (link: number | null) => (link === null ? NO_LINK : String(link))
  // The busiest link until the reader picks one, and again when theirs has no flows in the new range.
  const shown = links.find((l) => linkValue(l.link) === chosen) ?? links[0]
  const rows = useMemo(
    () => (per === 'agency' ? answer.data?.rows ?? [] : shown ? rowsOfLink(answer.data?.rows ?? [], shown.link) : []),
    [answer.data, per, shown]
  )
  const grid = useMemo(() => matrixGrid(rows), [rows])
  const ids = useMemo(() => [...grid.sources, ...grid.destinations].filter((k): k is number => typeof k === 'number'), [grid])
  const names = useAgencyNames(ids)
  const nameOf = (key: MatrixKey) =>
    key === null
      ? translate('gsn.flows.no_agency')
      : key === 'other'
        ? translate('gsn.flows.other_agencies')
        : names.get(key) ?? translate('gsn.flows.agency_id', { id: key })
  const linkName = (link: number | null) =>
    link === null ? translate('gsn.flows.no_link') : linkNames.get(link) ?? translate('gsn.flows.link_id', { id: link })
  const title = translate('gsn.flows.matrix')
  const choice = (
    <ToggleButtonGroup
      exclusive
      size="small"
      value={per}
      onChange={(_, value: Per | null) => value && setPer(value)}
      aria-label={translate('gsn.flows.matrix_per')}
    >
      <ToggleButton value="agency">{translate('gsn.flows.matrix_per_agency')}</ToggleButton>
      <ToggleButton value="link">{translate('gsn.flows.matrix_per_link')}</ToggleButton>
    </ToggleButtonGroup>
  )
  return (
    <FlowPanel title={title} testId="agency-matrix" action={choice}>
      <QueryError error={answer.error} />
      {per === 'link' && shown && (
        <Box sx={{ mb: 1 }}>
          <TextField
            select
            size="small"
            label={translate('gsn.flows.matrix_link')}
            value={linkValue(shown.link)}
            onChange={(e) => setChosen(e.target.value)}
            sx={{ minWidth: 280 }}
            data-testid="matrix-link"
          >
            {links.map((l) => (
              <MenuItem key={linkValue(l.link)} value={linkValue(l.link)} data-testid="matrix-link-option">
                {translate('gsn.flows.matrix_link_option', { link: linkName(l.link), bytes: formatBytes(l.bytes) })}
              </MenuItem>
            ))}
          </TextField>
        </Box>
      )}
      {answer.data && grid.sources.length === 0 && <Typography color="text.secondary">{translate('gsn.flows.none')}</Typography>}
      {grid.sources.length > 0 && (
        <Scroller label={title}>
          <Table size="small" sx={{ '& td, & th': { border: '1px solid', borderColor: 'divider' } }}>
            <caption style={{ captionSide: 'top', textAlign: 'left', padding: '0 0 8px' }}>
              <Typography variant="body2" color="text.secondary" component="span">
                {per === 'link' && shown
                  ? translate('gsn.flows.matrix_link_caption', { link: linkName(shown.link) })
                  : translate('gsn.flows.matrix_caption')}
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
