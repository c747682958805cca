import { useTranslate } from 'react-admin'
import { Box, Link, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'

export interface TimelineProject {
  id: number
  code: string
  name: string
  kind: string
  status: string
  wave: number
  started: string
  planned_date: string
  actual_date: string | null
  slipped: boolean
}

/** Read by screen readers, not drawn. */
const visuallyHidden = { border: 0, clip: 'rect(0 0 0 0)', height: '1px', margin: '-1px', overflow: 'hidden', padding: 0, position: 'absolute', whiteSpace: 'nowrap', width: '1px' } as const
const DAY = 86_400_000
const WIDTH = 600
const HEIGHT = 28
const time = (date: string) => Date.parse(`${date}T00:00:00Z`)

/**
 * The projects against time (a Gantt-like view): for each one the planned bar (outlined, from its
 * start to its planned date) above the actual one (filled, to its actual date or to `today` while
 * open), and `today` as a dashed line. A late project is said in words in its own column and its
 * actual bar is drawn striped with a "!" past its planned date, not only in another colour. Each
 * project's name opens it; the bars are pictures of the dates the row also states in text.
 */
export function ProjectTimeline({ projects, today }: { projects: TimelineProject[]; today: string }) {
  const translate = useTranslate()
  if (!projects.length) return <Typography color="text.secondary">{translate('ra.navigation.no_results')}</Typography>
  const ends = projects.flatMap((p) => [time(p.started), time(p.planned_date), time(p.actual_date ?? today)])
  const from = Math.min(...ends, time(today)) - 15 * DAY
  const to = Math.max(...ends, time(today)) + 15 * DAY
  const x = (date: string) => ((time(date) - from) / (to - from)) * WIDTH
  const years: number[] = []
  for (let y = new Date(from).getUTCFullYear() + 1; y <= new Date(to).getUTCFullYear(); y++) years.push(y)
  const todayLine = <line x1={x(today)} x2={x(today)} y1={0} y2={HEIGHT} stroke="#000" strokeDasharray="3 2" />
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="programme-timeline" aria-label={translate('gsn.programme.timeline')}>
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">{translate('resources.consolidation_projects.fields.name')}</TableCell>
            <TableCell component="th" scope="col">{translate('gsn.programme.timeline_late')}</TableCell>
            <TableCell component="th" scope="col">{translate('gsn.programme.timeline_dates')}</TableCell>
            <TableCell component="th" scope="col" sx={{ minWidth: WIDTH }}>
              <Box component="span" sx={visuallyHidden}>{translate('gsn.programme.timeline')}</Box>
              <svg width={WIDTH} height={HEIGHT} aria-hidden="true" focusable="false">
                {years.map((y) => (
                  <g key={y}>
                    <line x1={x(`${y}-01-01`)} x2={x(`${y}-01-01`)} y1={14} y2={HEIGHT} stroke="#757575" />
                    <text x={x(`${y}-01-01`) + 3} y={12} fontSize={11} fill="#212121">{y}</text>
                  </g>
                ))}
                {todayLine}
                <text x={x(today) + 3} y={HEIGHT - 2} fontSize={11} fill="#212121">{translate('gsn.programme.today', { date: today })}</text>
              </svg>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {projects.map((p) => {
            const end = p.actual_date ?? today
            const lateFrom = p.slipped && end > p.planned_date ? p.planned_date : null
            return (
              <TableRow key={p.id} data-project={p.code}>
                <TableCell component="th" scope="row" sx={{ whiteSpace: 'normal', overflowWrap: 'anywhere', maxWidth: 260 }}>
                  <Link href={`#/consolidation_projects/${p.id}/show`}>{`${p.name} (${p.code})`}</Link>
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap', fontWeight: p.slipped ? 'bold' : undefined }}>
                  {p.slipped ? `⚠ ${translate('gsn.programme.late')}` : translate(`enums.project_status.${p.status}`)}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {translate('gsn.programme.timeline_row', { started: p.started, planned: p.planned_date, actual: p.actual_date ?? '–' })}
                </TableCell>
                <TableCell>
                  <svg width={WIDTH} height={HEIGHT} aria-hidden="true" focusable="false">
                    <defs>
                      <pattern id={`late-${p.id}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="6" height="6" fill="#b71c1c" />
                        <line x1="0" y1="0" x2="0" y2="6" stroke="#fff" strokeWidth="2" />
                      </pattern>
                    </defs>
                    <rect x={x(p.started)} y={3} width={Math.max(2, x(p.planned_date) - x(p.started))} height={9} fill="#fff" stroke="#424242" />
                    <rect x={x(p.started)} y={15} width={Math.max(2, x(lateFrom ?? end) - x(p.started))} height={9} fill={p.actual_date ? '#2e7d32' : '#1565c0'} />
                    {lateFrom && (
                      <>
                        <rect x={x(lateFrom)} y={15} width={Math.max(2, x(end) - x(lateFrom))} height={9} fill={`url(#late-${p.id})`} stroke="#b71c1c" />
                        <text x={x(end) + 3} y={24} fontSize={12} fontWeight="bold" fill="#b71c1c">!</text>
                      </>
                    )}
                    {todayLine}
                  </svg>
                </TableCell>
              </TableRow>
            )
          })}
        </TableBody>
      </Table>
      <Typography variant="caption" component="p">{translate('gsn.programme.timeline_legend')}</Typography>
    </Box>
  )
}
