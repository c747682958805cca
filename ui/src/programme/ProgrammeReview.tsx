import { useEffect, useState } from 'react'
import { Title, useLocaleState, useNotify, usePermissions, useTranslate } from 'react-admin'
import {
  Alert, Box, Breadcrumbs, Button, Card, CardContent, CardHeader, GlobalStyles, Link, Stack, Table, TableBody, TableCell, TableHead, TableRow,
  TextField, ToggleButton, ToggleButtonGroup, Typography,
} from '@mui/material'
import PrintIcon from '@mui/icons-material/Print'
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf'
import DownloadIcon from '@mui/icons-material/Download'
import { LineChart } from '@mui/x-charts/LineChart'
import { API, httpClient } from '../common/http'
import { ProjectTimeline, type TimelineProject } from './ProjectTimeline'
import { MonthField } from '../common/MonthField'
import { currentMonth } from '../common/taipei_time'

type Measure = 'data_centres' | 'information_systems' | 'agency_lines' | 'it_certifications' | 'maintenance_spend_saved' | 'build_spend_saved'

interface Tile {
  measure: Measure
  allocation: 'national' | 'allocated' | 'derived'
  baseline: number | null
  year_target: number | null
  final_target: number | null
  final_year: number | null
  planned: number | null
  actual: number | null
  progress: number | null
  behind: number | null
  trend: Array<{ month: string; actual: number | null; planned: number | null }>
  forecast: { month: string | null; earliest: string | null; latest: string | null; pace: number; met: boolean } | null
}

export interface ProgrammeReport {
  month: string
  ended: boolean
  source: 'month_end' | 'audit_log' | 'live' | null
  scope: { agency_id: number | null; code: string | null; name: string | null; name_en: string | null; level: number; parent_id: number | null }
  tiles: Tile[]
  ranking: Array<{ agency_id: number; code: string; name: string; name_en: string | null; data_centres: number | null; information_systems: number | null; agency_lines: number | null; behind: number | null }>
  late_projects: Array<{ id: number; code: string; name: string; kind: string; agency_id: number; status: string; owner: string | null; blockers: string | null; planned_date: string; actual_date: string | null }>
  projects: Array<TimelineProject & { agency_id: number; source_data_centre_id: number | null; systems: string | null }>
  data_centres: DataCentre[]
  today: string
  service: Record<string, number | null | Record<string, number>>
  security: Record<string, number | null | Record<string, number>>
  comment: { body: string; written_at: string; written_by: number | null } | null
  notes: string[]
}

interface DataCentre {
  id: number
  code: string
  name: string
  status: string
  closure_date: string | null
  receiving: { code: string; name: string } | null
  projects: number[]
  systems: Array<{ id: number; code: string; name: string; status: string }>
}

/** Printing leaves out the console around the review (menu, app bar, the controls). */
const PRINT = (
  <GlobalStyles
    styles={{
      '@media print': {
        'header, nav, .RaSidebar-fixed, .RaSidebar-root, .no-print': { display: 'none !important' },
        '.RaLayout-content': { padding: 0 },
        '.MuiCard-root': { boxShadow: 'none', breakInside: 'avoid' },
      },
    }}
  />
)

const figure = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }))
const percent = (share: number | null) => (share === null ? '–' : `${figure(Math.round(share * 1000) / 10)}%`)

/**
 * The CIO's programme review: each measure against the plan with its trend and forecast, the
 * scopes below ranked by how far behind plan they are (a row opens that scope: nation →
 * ministry → agency → one of the agency's data centres, with its closure projects and the systems
 * still to move), the projects against time, the month's service and security figures, the CIO's comment, and the same
 * review to print, as a PDF or as CSV.
 */
export default function ProgrammeReview() {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [month, setMonth] = useState(currentMonth())
  const [agencyId, setAgencyId] = useState<number | null>(null)
  const [trail, setTrail] = useState<Array<{ id: number | null; label: string }>>([])
  const [report, setReport] = useState<ProgrammeReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [measure, setMeasure] = useState<Measure>('data_centres')
  const [dataCentreId, setDataCentreId] = useState<number | null>(null)
  const [reload, setReload] = useState(0)
  const query = `month=${month}${agencyId === null ? '' : `&agency_id=${agencyId}`}`

  useEffect(() => {
    if (!/^\d{4}-\d{2}$/.test(month)) return
    const abort = new AbortController()
    httpClient(`${API}/reports/programme?${query}`, { signal: abort.signal }).then(
      ({ json }) => (setReport(json as ProgrammeReport), setError(null)),
      (e: Error) => !abort.signal.aborted && setError(e.message)
    )
    return () => abort.abort()
  }, [query, locale, reload])

  const nameOf = (r: { name: string | null; name_en: string | null; code: string | null }) => (locale === 'en' && r.name_en ? r.name_en : r.name ?? '')
  const scopeLabel = report ? (report.scope.agency_id === null ? translate('gsn.programme.nation') : nameOf(report.scope)) : ''
  const open = (id: number) => {
    setTrail([...trail, { id: agencyId, label: scopeLabel }])
    setAgencyId(id)
    setDataCentreId(null)
  }
  const back = (index: number) => {
    setAgencyId(trail[index].id)
    setTrail(trail.slice(0, index))
    setDataCentreId(null)
  }
  const room = report?.data_centres.find((d) => d.id === dataCentreId) ?? null
  const tile = report?.tiles.find((t) => t.measure === measure)

  return (
    <Box sx={{ mt: 2 }}>
      {PRINT}
      <Title title="gsn.programme.title" />
      <Stack spacing={2}>
        <Card>
          <CardContent>
            <Typography component="h1" variant="h5" gutterBottom>
              {translate('gsn.programme.title')} · {scopeLabel} · {report?.month}
            </Typography>
            <Breadcrumbs aria-label={translate('gsn.programme.drill')} className="no-print" sx={{ mb: 1 }}>
              {trail.map((t, i) => (
                <Link key={i} component="button" onClick={() => back(i)}>{t.label}</Link>
              ))}
              {room ? <Link component="button" onClick={() => setDataCentreId(null)}>{scopeLabel}</Link> : <Typography color="text.primary">{scopeLabel}</Typography>}
              {room && <Typography color="text.primary">{`${room.name} (${room.code})`}</Typography>}
            </Breadcrumbs>
            <Box className="no-print" sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}>
              <MonthField label={translate('gsn.programme.month')} value={month} onChange={setMonth} />
              <Button startIcon={<PrintIcon />} onClick={() => window.print()}>{translate('gsn.programme.print')}</Button>
              <Button startIcon={<PictureAsPdfIcon />} href={`${API}/reports/programme.pdf?${query}&lang=${locale === 'zh-TW' ? 'zh-TW' : 'en'}`}>{translate('gsn.programme.pdf')}</Button>
              <Button startIcon={<DownloadIcon />} href={`${API}/reports/programme?${query}&format=csv`} download>{translate('gsn.programme.csv')}</Button>
            </Box>
            {report && <Typography variant="body2" sx={{ mt: 1 }}>{translate(`gsn.programme.source.${report.source ?? 'none'}`)}</Typography>}
          </CardContent>
        </Card>
        {error && <Alert severity="error">{error}</Alert>}
        {report && (
          <>
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' } }}>
              {report.tiles.map((t) => <TileCard key={t.measure} tile={t} />)}
            </Box>
            <Card>
              <CardHeader
                title={translate('gsn.programme.trend')}
                action={
                  <ToggleButtonGroup size="small" exclusive value={measure} onChange={(_, v) => v && setMeasure(v)} className="no-print">
                    {report.tiles.map((t) => <ToggleButton key={t.measure} value={t.measure}>{translate(`gsn.programme.measures.${t.measure}`)}</ToggleButton>)}
                  </ToggleButtonGroup>
                }
              />
              <CardContent>
                {tile && tile.trend.length ? (
                  <LineChart
                    dataset={tile.trend}
                    height={300}
                    xAxis={[{ scaleType: 'point', dataKey: 'month', label: translate('gsn.programme.axis_month') }]}
                    yAxis={[{ label: translate(`gsn.programme.measures.${measure}`), width: 72, valueFormatter: (v: number | null) => figure(v) }]}
                    series={[
                      { dataKey: 'actual', label: translate('gsn.programme.actual'), connectNulls: true },
                      { dataKey: 'planned', label: translate('gsn.programme.planned'), color: '#9e9e9e' },
                    ]}
                  />
                ) : (
                  <Typography color="text.secondary">{translate('gsn.programme.no_history')}</Typography>
                )}
              </CardContent>
            </Card>
            {report.ranking.length > 0 && (
              <Card>
                <CardHeader title={translate('gsn.programme.ranking')} />
                <CardContent>
                  <Table size="small" data-testid="programme-ranking">
                    <TableHead>
                      <TableRow>
                        <TableCell component="th" scope="col">{translate('gsn.programme.agency')}</TableCell>
                        {(['data_centres', 'information_systems', 'agency_lines'] as const).map((m) => (
                          <TableCell key={m} component="th" scope="col" align="right">{translate(`gsn.programme.measures.${m}`)}</TableCell>
                        ))}
                        <TableCell component="th" scope="col" align="right">{translate('gsn.programme.behind')}</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {report.ranking.map((r) => (
                        <TableRow key={r.agency_id} data-agency={r.code}>
                          <TableCell component="th" scope="row" sx={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
                            <Link component="button" onClick={() => open(r.agency_id)} sx={{ textAlign: 'left' }}>{`${nameOf(r)} (${r.code})`}</Link>
                          </TableCell>
                          <TableCell align="right">{figure(r.data_centres)}</TableCell>
                          <TableCell align="right">{figure(r.information_systems)}</TableCell>
                          <TableCell align="right">{figure(r.agency_lines)}</TableCell>
                          <TableCell align="right">{percent(r.behind)}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </CardContent>
              </Card>
            )}
            {room ? (
              <DataCentreCard room={room} projects={report.projects.filter((p) => room.projects.includes(p.id))} today={report.today} />
            ) : (
              report.data_centres.length > 0 && (
                <Card>
                  <CardHeader title={translate('gsn.programme.data_centres')} />
                  <CardContent>
                    <Table size="small" data-testid="programme-data-centres">
                      <TableHead>
                        <TableRow>
                          {(['data_centre', 'status', 'receiving', 'systems_to_move', 'closure_projects'] as const).map((f) => (
                            <TableCell key={f} component="th" scope="col">{translate(`gsn.programme.room.${f}`)}</TableCell>
                          ))}
                        </TableRow>
                      </TableHead>
                      <TableBody>
                        {report.data_centres.map((d) => (
                          <TableRow key={d.id} data-room={d.code}>
                            <TableCell component="th" scope="row" sx={{ whiteSpace: 'normal' }}>
                              <Link component="button" onClick={() => setDataCentreId(d.id)} sx={{ textAlign: 'left' }}>{`${d.name} (${d.code})`}</Link>
                            </TableCell>
                            <TableCell>{translate(`gsn.programme.room.statuses.${d.status}`, { _: d.status })}</TableCell>
                            <TableCell>{d.receiving ? `${d.receiving.name} (${d.receiving.code})` : '–'}</TableCell>
                            <TableCell>{figure(d.systems.length)}</TableCell>
                            <TableCell>{figure(d.projects.length)}</TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </CardContent>
                </Card>
              )
            )}
            <Card>
              <CardHeader title={translate('gsn.programme.timeline')} />
              <CardContent>
                <ProjectTimeline projects={report.projects} today={report.today} />
              </CardContent>
            </Card>
            <Card>
              <CardHeader
                title={translate('gsn.programme.late_projects')}
                action={<Button className="no-print" href="#/consolidation_projects">{translate('gsn.programme.projects')}</Button>}
              />
              <CardContent>
                {report.late_projects.length === 0 ? (
                  <Typography color="text.secondary">{translate('ra.navigation.no_results')}</Typography>
                ) : (
                  <Table size="small" data-testid="programme-late">
                    <TableHead>
                      <TableRow>
                        {(['name', 'status', 'planned_date', 'owner', 'blockers'] as const).map((f) => (
                          <TableCell key={f} component="th" scope="col">{translate(`resources.consolidation_projects.fields.${f}`)}</TableCell>
                        ))}
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {report.late_projects.map((p) => (
                        <TableRow key={p.id}>
                          <TableCell component="th" scope="row" sx={{ whiteSpace: 'normal' }}><Link href={`#/consolidation_projects/${p.id}/show`}>{`${p.name} (${p.code})`}</Link></TableCell>
                          <TableCell>{translate(`enums.project_status.${p.status}`)}</TableCell>
                          <TableCell>{p.planned_date}</TableCell>
                          <TableCell>{p.owner ?? '–'}</TableCell>
                          <TableCell sx={{ whiteSpace: 'normal' }}>{p.blockers ?? '–'}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                )}
              </CardContent>
            </Card>
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(2, 1fr)' } }}>
              <Figures title={translate('gsn.programme.service')} figures={report.service} />
              <Figures title={translate('gsn.programme.security')} figures={Object.fromEntries(Object.entries(report.security).filter(([k]) => k !== 'targets'))} />
            </Box>
            <CommentCard report={report} onSaved={() => setReload(reload + 1)} />
            {report.notes.length > 0 && (
              <Card>
                <CardHeader title={translate('gsn.programme.notes')} />
                <CardContent>{report.notes.map((n) => <Typography key={n} variant="body2">{n}</Typography>)}</CardContent>
              </Card>
            )}
          </>
        )}
      </Stack>
    </Box>
  )
}

/** The drill-down's last level: a data centre, its closure projects against time and the systems still in it. */
function DataCentreCard({ room, projects, today }: { room: DataCentre; projects: TimelineProject[]; today: string }) {
  const translate = useTranslate()
  return (
    <Card data-testid="programme-data-centre">
      <CardHeader
        title={`${room.name} (${room.code})`}
        subheader={[
          translate(`gsn.programme.room.statuses.${room.status}`, { _: room.status }),
          room.receiving ? translate('gsn.programme.room.into', { name: `${room.receiving.name} (${room.receiving.code})` }) : null,
          room.closure_date ? translate('gsn.programme.room.closed_on', { date: room.closure_date }) : null,
        ].filter(Boolean).join(' · ')}
      />
      <CardContent>
        <Typography component="h2" variant="subtitle1" gutterBottom>{translate('gsn.programme.room.closure_projects')}</Typography>
        <ProjectTimeline projects={projects} today={today} />
        <Typography component="h2" variant="subtitle1" sx={{ mt: 2 }} gutterBottom>{translate('gsn.programme.room.systems_to_move')}</Typography>
        {room.systems.length === 0 ? (
          <Typography color="text.secondary">{translate('ra.navigation.no_results')}</Typography>
        ) : (
          <Table size="small" data-testid="programme-room-systems">
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">{translate('gsn.programme.room.system')}</TableCell>
                <TableCell component="th" scope="col">{translate('gsn.programme.room.status')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {room.systems.map((s) => (
                <TableRow key={s.id}>
                  <TableCell component="th" scope="row"><Link href={`#/information_systems/${s.id}/show`}>{`${s.name} (${s.code})`}</Link></TableCell>
                  <TableCell>{translate(`gsn.programme.room.statuses.${s.status}`, { _: s.status })}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  )
}

function TileCard({ tile }: { tile: Tile }) {
  const translate = useTranslate()
  const f = tile.forecast
  const forecast = !f ? '–' : f.met ? translate('gsn.programme.met', { month: f.month }) : f.month ? translate('gsn.programme.forecast_range', { month: f.month, earliest: f.earliest ?? '–', latest: f.latest ?? '–' }) : translate('gsn.programme.not_at_pace')
  return (
    <Card data-testid={`programme-${tile.measure}`}>
      <CardContent>
        <Typography variant="subtitle1" component="h2" color="text.secondary">{translate(`gsn.programme.measures.${tile.measure}`)}</Typography>
        <Typography variant="h4" component="p">{figure(tile.actual)}</Typography>
        <Typography variant="body2">
          {translate('gsn.programme.against', { baseline: figure(tile.baseline), target: figure(tile.final_target), year: tile.final_year ?? '–' })}
        </Typography>
        <Typography variant="body2">{translate('gsn.programme.year_planned', { year_target: figure(tile.year_target), planned: figure(tile.planned) })}</Typography>
        <Typography variant="body2">{translate('gsn.programme.progress', { progress: percent(tile.progress), behind: percent(tile.behind) })}</Typography>
        <Typography variant="body2">{translate('gsn.programme.forecast')}: {forecast}</Typography>
        <Typography variant="caption" color="text.secondary">{translate(`gsn.programme.allocation.${tile.allocation}`)}</Typography>
      </CardContent>
    </Card>
  )
}

function Figures({ title, figures }: { title: string; figures: Record<string, number | null | Record<string, number>> }) {
  const translate = useTranslate()
  return (
    <Card>
      <CardHeader title={title} />
      <CardContent>
        <Table size="small">
          <TableBody>
            {Object.entries(figures).map(([key, value]) => (
              <TableRow key={key}>
                <TableCell component="th" scope="row">{translate(`gsn.programme.figures.${key}`)}</TableCell>
                <TableCell align="right">
                  {value !== null && typeof value === 'object' ? Object.entries(value).map(([p, n]) => `${p} ${figure(n)}`).join(' · ') : figure(value)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  )
}

function CommentCard({ report, onSaved }: { report: ProgrammeReport; onSaved: () => void }) {
  const translate = useTranslate()
  const notify = useNotify()
  const { permissions } = usePermissions<Record<string, string[]>>()
  const [body, setBody] = useState(report.comment?.body ?? '')
  useEffect(() => setBody(report.comment?.body ?? ''), [report])
  const mayWrite = permissions?.programme_reviews?.includes('update')
  const save = () =>
    httpClient(`${API}/reports/programme/comment`, { method: 'PUT', body: JSON.stringify({ month: report.month, agency_id: report.scope.agency_id, body }) }).then(
      () => (notify('gsn.programme.comment_saved', { type: 'success' }), onSaved()),
      (e: Error) => notify(e.message, { type: 'error' })
    )
  return (
    <Card>
      <CardHeader title={translate('gsn.programme.comment')} />
      <CardContent>
        {mayWrite ? (
          <Stack spacing={1}>
            <TextField multiline minRows={3} label={translate('gsn.programme.comment')} value={body} onChange={(e) => setBody(e.target.value)} slotProps={{ htmlInput: { maxLength: 4000 } }} />
            <Box className="no-print"><Button variant="contained" onClick={save} disabled={!body.trim()}>{translate('gsn.programme.save_comment')}</Button></Box>
          </Stack>
        ) : (
          <Typography>{report.comment?.body ?? translate('gsn.programme.no_comment')}</Typography>
        )}
      </CardContent>
    </Card>
  )
}
