import { useState } from 'react'
import { Button, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin'
import { Box, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, TextField } from '@mui/material'
import { problemCommandsFor, type ProblemCommand, type ProblemStatus } from '../../../shared/problem_lifecycle'
import { API, httpClient } from '../common/http'
import { useCan } from '../common/permissions'

/** What each command asks for before it is sent; commands not named here need only an optional note. */
const FIELDS: Partial<Record<ProblemCommand, Array<{ name: string; label: string }>>> = {
  identify: [
    { name: 'root_cause', label: 'resources.problems.fields.root_cause' },
    { name: 'workaround', label: 'resources.problems.fields.workaround' },
  ],
  resolve: [{ name: 'resolution', label: 'resources.problems.fields.resolution' }],
  reopen: [{ name: 'reason', label: 'gsn.problems.reason' }],
  cancel: [{ name: 'reason', label: 'gsn.problems.reason' }],
}
const NOTE = [{ name: 'note', label: 'gsn.problems.note' }]

/** The problem's workflow as buttons: each opens a small dialog asking what its command needs. */
export function ProblemCommands() {
  const record = useRecordContext()
  const canWork = useCan('problems', 'update')
  const [open, setOpen] = useState<ProblemCommand | null>(null)
  if (!record || !canWork) return null
  return (
    <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
      {problemCommandsFor(record.status as ProblemStatus).map((command) => (
        <Button key={command} variant="outlined" label={`gsn.problems.command.${command}`} onClick={() => setOpen(command)} />
      ))}
      {open && <CommandDialog command={open} onClose={() => setOpen(null)} />}
    </Box>
  )
}

function CommandDialog({ command, onClose }: { command: ProblemCommand; onClose: () => void }) {
  const record = useRecordContext()!
  const translate = useTranslate()
  const notify = useNotify()
  const refresh = useRefresh()
  const fields = FIELDS[command] ?? NOTE
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map(({ name }) => [name, command === 'identify' ? String(record[name] ?? '') : '']))
  )
  const [resolveIncidents, setResolveIncidents] = useState(false)
  const [busy, setBusy] = useState(false)

  const send = async () => {
    setBusy(true)
    const body: Record<string, unknown> = {}
    for (const { name } of fields) if (values[name]?.trim()) body[name] = values[name]
    if (command === 'resolve') body.resolve_incidents = resolveIncidents
    try {
      const { json } = await httpClient(`${API}/problems/${record.id}/${command}`, { method: 'POST', body: JSON.stringify(body) })
      notify(command === 'resolve' ? translate('gsn.problems.resolved_incidents', json.incidents) : 'gsn.problems.done', { type: 'info' })
      onClose()
      refresh()
    } catch (error) {
      notify((error as Error).message, { type: 'error' })
    } finally {
      setBusy(false)
    }
  }

  const title = `problem-command-${command}`
  return (
    <Dialog open onClose={onClose} aria-labelledby={title} fullWidth maxWidth="sm">
      <DialogTitle id={title}>{translate(`gsn.problems.command.${command}`)}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important' }}>
        {fields.map(({ name, label }) => (
          <TextField
            key={name}
            label={translate(label)}
            value={values[name] ?? ''}
            onChange={(e) => setValues({ ...values, [name]: e.target.value })}
            multiline
            minRows={2}
            fullWidth
          />
        ))}
        {command === 'resolve' && record.open_incident_count > 0 && (
          <FormControlLabel
            control={<Checkbox checked={resolveIncidents} onChange={(e) => setResolveIncidents(e.target.checked)} />}
            label={translate('gsn.problems.resolve_incidents', { smart_count: record.open_incident_count })}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.cancel" onClick={onClose} />
        <Button label={`gsn.problems.command.${command}`} variant="contained" disabled={busy} onClick={send} />
      </DialogActions>
    </Dialog>
  )
}
