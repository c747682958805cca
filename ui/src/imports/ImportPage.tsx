import { useEffect, useRef, useState } from 'react'
import { HttpError, Title, useNotify, usePermissions, useTranslate } from 'react-admin'
import { useSearchParams } from 'react-router'
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material'
import UploadFileIcon from '@mui/icons-material/UploadFile'
import { API, httpClient } from '../common/http'
import { formatSize } from '../common/sizes'

/** The CSV columns of each importable resource (the API's csvColumns, in order). */
export const IMPORT_COLUMNS: Record<string, string[]> = {
  agencies: ['code', 'name', 'name_en', 'level', 'kind', 'region', 'parent_code', 'hub_code'],
  data_centres: ['code', 'name', 'agency_code', 'region', 'status', 'consolidated_into_code', 'closure_date', 'racks', 'servers'],
  information_systems: ['code', 'name', 'agency_code', 'data_centre_code', 'category', 'status', 'merged_into_code', 'retirement_date', 'core'],
  devices: [
    'hostname', 'kind', 'management_address', 'region', 'agency_code', 'vendor', 'model', 'snmp_version', 'snmp_port',
    'poll_interval_s', 'snmp_community', 'snmp_user', 'snmp_security_level', 'snmp_auth_protocol', 'snmp_auth_key',
    'snmp_priv_protocol', 'snmp_priv_key',
  ],
  links: [
    'circuit_id', 'name', 'kind', 'agency_code', 'a_end', 'z_end', 'bandwidth_kbps', 'device_hostname', 'if_index',
    'status', 'consolidated_into_circuit', 'decommission_date',
  ],
}

export interface ImportJob {
  id: number | string
  resource?: string
  /** interrupted: the process running it died; the rows up to kept_through_line were kept. */
  status: 'running' | 'done' | 'failed' | 'interrupted'
  bytes_read: number
  bytes_total: number
  rows_read: number
  inserted: number
  updated: number
  rejected: number
  /** Rows read and neither written nor refused; known once the job is done or interrupted. */
  unchanged?: number | null
  kept_through_line?: number
  /** Rows above kept_through_line waiting for a row further down the file, not written. */
  deferred?: number
  /** The last entry says how many errors were not listed (line null). */
  errors: Array<{ line: number | null; field?: string | null; message: string }>
  message?: string
  error?: string
}

const POLL_MS = 500
/** While the server cannot be reached, ask less and less often, up to this. */
const MAX_RETRY_MS = 5000

export default function ImportPage() {
  const translate = useTranslate()
  const notify = useNotify()
  const { permissions } = usePermissions<Record<string, string[]>>()
  const writable = Object.keys(IMPORT_COLUMNS).filter((r) =>
    ['create', 'update'].some((a) => permissions?.[r]?.includes(a))
  )
  const [resource, setResource] = useState('')
  const [file, setFile] = useState<File | null>(null)
  const [uploading, setUploading] = useState(false)
  const [job, setJob] = useState<ImportJob | null>(null)
  const [unreachable, setUnreachable] = useState<{ message: string; retries: number } | null>(null)
  // The job being followed is in the address (#/import?job=12), so a reload, or coming back
  // after the server restarted, follows it again.
  const [searchParams, setSearchParams] = useSearchParams()
  const followed = searchParams.get('job')
  const fileInput = useRef<HTMLInputElement>(null)
  const chosen = resource || writable[0] || ''

  useEffect(() => {
    if (!followed || String(job?.id ?? '') === followed) return
    setJob({ id: followed, status: 'running', bytes_read: 0, bytes_total: 0, rows_read: 0, inserted: 0, updated: 0, rejected: 0, errors: [] })
  }, [followed])

  // A job followed from the address shows the kind it imports.
  const followedResource = job?.resource ?? ''
  const canImportIt = writable.includes(followedResource)
  useEffect(() => {
    if (!resource && canImportIt) setResource(followedResource)
  }, [followedResource, canImportIt])

  // Poll the job until it is over; a new job (or leaving the page) stops the old poll. A server
  // that does not answer (restarting, say) is asked again: the job is not over because of it.
  useEffect(() => {
    if (!job || job.status !== 'running') return
    let stopped = false
    const wait = unreachable ? Math.min(MAX_RETRY_MS, POLL_MS * 2 ** unreachable.retries) : POLL_MS
    const timer = setTimeout(async () => {
      try {
        const { json } = await httpClient(`${API}/imports/${job.id}`)
        if (stopped) return
        setUnreachable(null)
        setJob(json as ImportJob)
      } catch (error: any) {
        if (stopped) return
        const answered = error instanceof HttpError && error.status >= 400 && error.status < 500
        if (answered) setJob({ ...job, status: 'failed', message: error.message })
        else setUnreachable((u) => ({ message: error?.message ?? '', retries: (u?.retries ?? 0) + 1 }))
      }
    }, wait)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [job, unreachable])

  async function start() {
    if (!file || !chosen) return
    setUploading(true)
    setJob(null)
    try {
      const body = new FormData()
      body.append('file', file)
      const { json } = await httpClient(`${API}/imports?resource=${encodeURIComponent(chosen)}`, { method: 'POST', body })
      const started = {
        bytes_read: 0, bytes_total: file.size, rows_read: 0, inserted: 0, updated: 0, rejected: 0, errors: [],
        status: 'running',
        ...(json as Partial<ImportJob>),
      } as ImportJob
      setUnreachable(null)
      setJob(started)
      setSearchParams({ job: String(started.id) }, { replace: true })
    } catch (error: any) {
      notify('gsn.import.upload_failed', { type: 'error', messageArgs: { message: error?.message ?? '' } })
    } finally {
      setUploading(false)
    }
  }

  const percent = job && job.bytes_total > 0 ? Math.min(100, (100 * job.bytes_read) / job.bytes_total) : 0

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="gsn.import.title" />
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems={{ sm: 'center' }}>
          <TextField
            select
            label={translate('gsn.import.resource')}
            value={chosen}
            onChange={(e) => setResource(e.target.value)}
            sx={{ width: 260 }}
            size="small"
            slotProps={{ htmlInput: { 'data-testid': 'import-resource' } }}
          >
            {writable.map((r) => (
              <MenuItem key={r} value={r}>
                {translate(`resources.${r}.name`, { smart_count: 2 })}
              </MenuItem>
            ))}
          </TextField>
          <input
            ref={fileInput}
            type="file"
            accept=".csv,text/csv"
            hidden
            data-testid="import-file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <Button variant="outlined" sx={{ whiteSpace: 'nowrap', flexShrink: 0 }} onClick={() => fileInput.current?.click()}>
            {translate('gsn.import.choose_file')}
          </Button>
          <Typography variant="body2" color="text.secondary">
            {file ? `${file.name} (${formatSize(file.size)})` : translate('gsn.import.no_file')}
          </Typography>
          <Box sx={{ flex: 1 }} />
          <Button
            variant="contained"
            startIcon={<UploadFileIcon />}
            sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}
            disabled={!file || !chosen || uploading || job?.status === 'running'}
            onClick={start}
          >
            {translate('gsn.import.start')}
          </Button>
        </Stack>
        {chosen && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
            {translate('gsn.import.columns')}{' '}
            <Box component="code" sx={{ overflowWrap: 'anywhere' }}>
              {IMPORT_COLUMNS[chosen].join(',')}
            </Box>{' '}
            <Button
              size="small"
              href={`${API}/imports/template.csv?resource=${encodeURIComponent(chosen)}`}
              download={`${chosen}-template.csv`}
              data-testid="import-template"
            >
              {translate('gsn.import.template')}
            </Button>
          </Typography>
        )}
        {(uploading || job) && <JobProgress job={job} percent={percent} />}
        {unreachable && job?.status === 'running' && (
          <Alert severity="warning" sx={{ mt: 2 }} data-testid="import-unreachable">
            {translate('gsn.import.unreachable', { message: unreachable.message })}
          </Alert>
        )}
      </CardContent>
    </Card>
  )
}

function JobProgress({ job, percent }: { job: ImportJob | null; percent: number }) {
  const translate = useTranslate()
  const status = job?.status ?? 'running'
  return (
    <Box sx={{ mt: 3 }} data-testid="import-job">
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
        {job && <Typography variant="subtitle1">{translate('gsn.import.job', { id: job.id })}</Typography>}
        <Chip
          size="small"
          label={translate(`enums.import_status.${status}`)}
          color={status === 'done' ? 'success' : status === 'failed' ? 'error' : status === 'interrupted' ? 'warning' : 'info'}
        />
        {job && (
          <Typography variant="body2" color="text.secondary">
            {translate('gsn.import.progress', { read: formatSize(job.bytes_read), total: formatSize(job.bytes_total) })}
          </Typography>
        )}
      </Stack>
      <LinearProgress
        variant={job ? 'determinate' : 'indeterminate'}
        value={status === 'done' ? 100 : percent}
        color={status === 'failed' ? 'error' : status === 'interrupted' ? 'warning' : 'primary'}
        sx={{ height: 8, borderRadius: 4 }}
      />
      {job && (
        <Stack direction="row" spacing={3} sx={{ mt: 2 }} flexWrap="wrap">
          {(['rows_read', 'inserted', 'updated', 'unchanged', 'rejected'] as const).map((k) =>
            k === 'unchanged' && job.unchanged == null ? null : (
            <Box key={k} data-testid={`import-${k}`}>
              <Typography variant="caption" color="text.secondary">
                {translate(`gsn.import.${k}`)}
              </Typography>
              <Typography variant="h6">{(job[k] ?? 0).toLocaleString()}</Typography>
            </Box>
            )
          )}
        </Stack>
      )}
      {status === 'failed' && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {translate('gsn.import.failed')}
          {job?.message || job?.error ? `: ${job.message ?? job.error}` : ''}
        </Alert>
      )}
      {job && status === 'interrupted' && <Interrupted job={job} />}
      {job && status !== 'running' && <ErrorTable errors={job.errors ?? []} finished={status === 'done'} />}
    </Box>
  )
}

/** What a job whose process died kept, in the user's language, from the job's own counters. */
function Interrupted({ job }: { job: ImportJob }) {
  const translate = useTranslate()
  const line = job.kept_through_line ?? 0
  const n = (value: number | null | undefined) => (value ?? 0).toLocaleString()
  return (
    <Alert severity="warning" sx={{ mt: 2 }} data-testid="import-interrupted">
      {line > 0
        ? translate('gsn.import.interrupted', {
            line: n(line),
            inserted: n(job.inserted),
            updated: n(job.updated),
            unchanged: n(job.unchanged),
            rejected: n(job.rejected),
          })
        : translate('gsn.import.interrupted_nothing')}
      {line > 0 && (job.deferred ?? 0) > 0 && <> {translate('gsn.import.interrupted_deferred', { count: n(job.deferred) })}</>}{' '}
      {translate('gsn.import.interrupted_again')}
    </Alert>
  )
}

function ErrorTable({ errors, finished }: { errors: ImportJob['errors']; finished: boolean }) {
  const translate = useTranslate()
  if (!errors.length) {
    return (
      <Alert severity={finished ? 'success' : 'info'} sx={{ mt: 2 }}>
        {translate(finished ? 'gsn.import.no_errors' : 'gsn.import.no_errors_before_stop')}
      </Alert>
    )
  }
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="subtitle1">{translate('gsn.import.errors')}</Typography>
      <Table size="small" data-testid="import-errors">
        <TableHead>
          <TableRow>
            <TableCell>{translate('gsn.import.line')}</TableCell>
            <TableCell>{translate('gsn.import.field')}</TableCell>
            <TableCell>{translate('gsn.import.message')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {errors.map((e, i) => (
            <TableRow key={`${e.line}-${e.field}-${i}`}>
              <TableCell>{e.line ?? '…'}</TableCell>
              <TableCell>
                <code>{e.field ?? '—'}</code>
              </TableCell>
              <TableCell>{e.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  )
}
