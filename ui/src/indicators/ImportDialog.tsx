import { useId, useState } from 'react'
import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControl, InputLabel, MenuItem, Select, Stack, Table, TableBody,
  TableCell, TableHead, TableRow, Typography,
} from '@mui/material'
import { useGetList, useRefresh, useTranslate } from 'react-admin'
import { refusal } from '../incidents/api'
import { importDocument, type ImportOutcome } from './api'
import { TLPS } from './TlpChip'

/**
 * Importing a STIX 2.1 bundle, a MISP event or a plain feed (one value a line, or CSV): the outcome is counted, and every object passed
 * over is listed with where it was in the document and why, in the reader's language.
 */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const translate = useTranslate()
  const refresh = useRefresh()
  const titleId = useId()
  const fileId = useId()
  const [file, setFile] = useState<File | null>(null)
  const [format, setFormat] = useState('auto')
  const [tlp, setTlp] = useState('amber')
  const [group, setGroup] = useState<number | ''>('')
  const [problem, setProblem] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null)
  const [busy, setBusy] = useState(false)
  const { data: groups } = useGetList('sharing_groups', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } })

  const start = async () => {
    if (!file) return
    setProblem(null)
    setOutcome(null)
    const text = await file.text()
    let json = format !== 'feed'
    if (json) {
      try {
        JSON.parse(text)
      } catch {
        // A file that is no JSON is read as a plain feed unless a JSON format was asked for.
        if (format !== 'auto') {
          setProblem(translate('gsn.indicators.import_not_json'))
          return
        }
        json = false
      }
    }
    setBusy(true)
    try {
      const body = json ? text : JSON.stringify({ feed: text })
      setOutcome(await importDocument(body, { format: json ? format : 'feed', tlp, sharingGroupId: group === '' ? null : group }))
      refresh()
    } catch (error) {
      setProblem(refusal(error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth maxWidth="md">
      <DialogTitle id={titleId}>{translate('gsn.indicators.import_title')}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>{translate('gsn.indicators.import_help')}</Typography>
        <Stack spacing={2}>
          <div>
            <label htmlFor={fileId}>{translate('gsn.indicators.import_file')}</label>{' '}
            <input id={fileId} type="file" accept=".json,.txt,.csv,application/json,text/plain,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          <Stack direction="row" spacing={2}>
            <FormControl size="small" sx={{ minWidth: 180 }}>
              <InputLabel id={`${titleId}-format`}>{translate('gsn.indicators.import_format')}</InputLabel>
              <Select labelId={`${titleId}-format`} label={translate('gsn.indicators.import_format')} value={format} onChange={(e) => setFormat(e.target.value)}>
                <MenuItem value="auto">{translate('gsn.indicators.import_format_auto')}</MenuItem>
                <MenuItem value="stix">STIX 2.1</MenuItem>
                <MenuItem value="misp">MISP</MenuItem>
                <MenuItem value="feed">{translate('gsn.indicators.import_format_feed')}</MenuItem>
              </Select>
            </FormControl>
            <FormControl size="small" sx={{ minWidth: 220 }}>
              <InputLabel id={`${titleId}-tlp`}>{translate('gsn.indicators.import_tlp')}</InputLabel>
              <Select labelId={`${titleId}-tlp`} label={translate('gsn.indicators.import_tlp')} value={tlp} onChange={(e) => setTlp(e.target.value)}>
                {TLPS.map((t) => (
                  <MenuItem key={t} value={t}>{translate(`gsn.indicators.tlp.${t}`)}</MenuItem>
                ))}
              </Select>
            </FormControl>
            <FormControl size="small" sx={{ minWidth: 220 }}>
              <InputLabel id={`${titleId}-group`}>{translate('gsn.indicators.import_group')}</InputLabel>
              <Select labelId={`${titleId}-group`} label={translate('gsn.indicators.import_group')} value={group} onChange={(e) => setGroup(String(e.target.value) === '' ? '' : Number(e.target.value))}>
                <MenuItem value="">{translate('gsn.indicators.no_group')}</MenuItem>
                {(groups ?? []).map((g) => (
                  <MenuItem key={g.id} value={g.id}>{g.name}</MenuItem>
                ))}
              </Select>
            </FormControl>
          </Stack>
          {problem && <Alert severity="error" role="alert">{problem}</Alert>}
          {outcome && (
            <div data-import-outcome>
              <Alert severity={outcome.skipped.length ? 'warning' : 'success'} role="status">
                {translate('gsn.indicators.import_result', { ...outcome, skipped: outcome.skipped.length })}
              </Alert>
              {outcome.skipped.length > 0 && (
                <Table size="small" aria-label={translate('gsn.indicators.import_skipped')}>
                  <TableHead>
                    <TableRow>
                      <TableCell component="th" scope="col">{translate('gsn.indicators.import_path')}</TableCell>
                      <TableCell component="th" scope="col">{translate('gsn.indicators.import_reason')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {outcome.skipped.map((s, i) => (
                      <TableRow key={i} data-skipped={s.path}>
                        <TableCell><code>{s.path}</code></TableCell>
                        <TableCell>{s.message}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </div>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
        <Button onClick={start} variant="contained" disabled={!file || busy}>{translate('gsn.indicators.import_start')}</Button>
      </DialogActions>
    </Dialog>
  )
}
