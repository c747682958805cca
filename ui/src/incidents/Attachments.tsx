import { useId, useRef, useState } from 'react'
import { Alert, Box, Button, Link, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'
import { useQueryClient } from '@tanstack/react-query'
import { useLocaleState, useNotify, useRecordContext, useTranslate } from 'react-admin'
import { API, httpClient } from '../common/http'
import { formatSize } from '../common/sizes'
import { useCan } from '../common/permissions'
import { getJson, useApiQuery } from '../noc/api'
import { refusal, timelineKey } from './api'
import { taipeiTime } from './format'

/** An attachment as GET /api/incidents/:id/attachments lists it (app/incidents/incident_attachments.ts). */
interface Attachment {
  id: number
  file_name: string
  size_bytes: number
  uploaded_by_name: string | null
  uploaded_at: string
}

const attachmentsKey = (id: number | string) => ['incidents', 'attachments', String(id)]

async function upload(id: number | string, file: File) {
  const body = new FormData()
  body.append('file', file)
  return (await httpClient(`${API}/incidents/${id}/attachments`, { method: 'POST', body })).json as Attachment
}

/**
 * Files kept with the incident (captures, logs, screenshots): who attached what and when, a link
 * that downloads each, and, for those who work the incident, a file chooser. What the API
 * refuses (a type it does not take, a file over the limit) is said as it words it, in the
 * reader's language.
 */
export function AttachmentsPanel() {
  const record = useRecordContext()
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const notify = useNotify()
  const queryClient = useQueryClient()
  const mayWrite = useCan('incidents', 'update')
  const headingId = useId()
  const inputId = useId()
  const input = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = record?.id
  const { data, error } = useApiQuery(attachmentsKey(id ?? ''), (signal) => getJson<Attachment[]>(`/incidents/${id}/attachments`, signal), {
    enabled: id !== undefined,
    keepPrevious: false,
  })
  if (id === undefined) return null

  const attach = async () => {
    if (!file) return
    setProblem(null)
    setBusy(true)
    try {
      await upload(id, file)
      notify('gsn.incidents.attachments.attached', { type: 'success' })
      setFile(null)
      if (input.current) input.current.value = ''
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: attachmentsKey(id) }),
        queryClient.invalidateQueries({ queryKey: timelineKey(id) }),
      ])
    } catch (failure) {
      const { message, fields } = refusal(failure)
      setProblem(fields.file ?? message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Box component="section" aria-labelledby={headingId} sx={{ p: 2, borderTop: 1, borderColor: 'divider' }}>
      <Typography variant="h6" component="h2" id={headingId}>
        {translate('gsn.incidents.attachments.title')}
      </Typography>
      {error ? (
        <Alert severity="error">{translate('gsn.incidents.attachments.unavailable', { message: (error as Error).message })}</Alert>
      ) : data && !data.length ? (
        <Typography sx={{ my: 1 }}>{translate('gsn.incidents.attachments.empty')}</Typography>
      ) : data ? (
        <Table size="small" aria-labelledby={headingId}>
          <TableHead>
            <TableRow>
              <TableCell component="th" scope="col">{translate('gsn.incidents.attachments.file')}</TableCell>
              <TableCell component="th" scope="col" align="right">{translate('gsn.incidents.attachments.size')}</TableCell>
              <TableCell component="th" scope="col">{translate('gsn.incidents.attachments.by')}</TableCell>
              <TableCell component="th" scope="col">{translate('gsn.incidents.attachments.at')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((a) => (
              <TableRow key={a.id}>
                <TableCell>
                  <Link href={`${API}/incidents/${id}/attachments/${a.id}`} download={a.file_name}>
                    {a.file_name}
                  </Link>
                </TableCell>
                <TableCell align="right">{formatSize(a.size_bytes)}</TableCell>
                <TableCell>{a.uploaded_by_name ?? '—'}</TableCell>
                <TableCell>
                  <time dateTime={a.uploaded_at}>{taipeiTime(a.uploaded_at, locale)}</time>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {mayWrite && (
        <Stack direction="row" spacing={2} alignItems="center" flexWrap="wrap" useFlexGap sx={{ mt: 2 }}>
          <label htmlFor={inputId}>{translate('gsn.incidents.attachments.choose')}</label>
          <input
            id={inputId}
            ref={input}
            type="file"
            onChange={(e) => {
              setProblem(null)
              setFile(e.target.files?.[0] ?? null)
            }}
          />
          <Button variant="contained" onClick={attach} disabled={!file || busy}>
            {translate('gsn.incidents.attachments.attach')}
          </Button>
        </Stack>
      )}
      {problem && (
        <Alert severity="error" role="alert" sx={{ mt: 1 }}>
          {problem}
        </Alert>
      )}
    </Box>
  )
}
