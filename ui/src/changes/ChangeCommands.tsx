import { useState } from 'react'
import { Button, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin'
import { Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material'
import { useQueryClient } from '@tanstack/react-query'
import type { ChangeCommand } from '../../../shared/change_lifecycle'
import { LEVELS } from '../../../shared/change_lifecycle'
import { useCan } from '../common/permissions'
import { postChange } from './api'

/** The text each command's body needs besides an optional note (the API's validators). */
const NEEDS: Partial<Record<ChangeCommand, 'reason' | 'review' | 'assessment'>> = {
  fail: 'reason',
  cancel: 'reason',
  review: 'review',
  assess: 'assessment',
}

/** One button per command the change offers now; a command that needs words asks for them first. */
export function ChangeCommands() {
  const record = useRecordContext()
  const translate = useTranslate()
  const notify = useNotify()
  const refresh = useRefresh()
  const queries = useQueryClient()
  const canUpdate = useCan('changes', 'update')
  const [open, setOpen] = useState<ChangeCommand | null>(null)
  const [text, setText] = useState('')
  const [risk, setRisk] = useState('medium')
  const [impact, setImpact] = useState('medium')
  if (!record || !canUpdate) return null

  const run = async (command: ChangeCommand) => {
    const field = NEEDS[command]
    const body: Record<string, unknown> = field ? { [field]: text } : {}
    if (command === 'assess') Object.assign(body, { risk, impact })
    try {
      await postChange(Number(record.id), command, body)
      setOpen(null)
      setText('')
      notify('gsn.changes.done', { type: 'info' })
      await queries.invalidateQueries({ queryKey: ['changes-api'] })
      refresh()
    } catch (error) {
      notify((error as Error).message, { type: 'error' })
    }
  }

  return (
    <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap data-testid="change-commands">
      {(record.commands as ChangeCommand[]).map((command) => (
        <Button
          key={command}
          variant={command === 'cancel' || command === 'fail' ? 'outlined' : 'contained'}
          label={`gsn.changes.command.${command}`}
          onClick={() => (NEEDS[command] ? setOpen(command) : run(command))}
        />
      ))}
      <Dialog open={open !== null} onClose={() => setOpen(null)} aria-labelledby="change-command-title">
        <DialogTitle id="change-command-title">{open ? translate(`gsn.changes.command.${open}`) : ''}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1, minWidth: 360 }}>
            {open === 'assess' && (
              <>
                <TextField select label={translate('resources.changes.fields.risk')} value={risk} onChange={(e) => setRisk(e.target.value)}>
                  {LEVELS.map((l) => <MenuItem key={l} value={l}>{translate(`enums.change_level.${l}`)}</MenuItem>)}
                </TextField>
                <TextField select label={translate('resources.changes.fields.impact')} value={impact} onChange={(e) => setImpact(e.target.value)}>
                  {LEVELS.map((l) => <MenuItem key={l} value={l}>{translate(`enums.change_level.${l}`)}</MenuItem>)}
                </TextField>
              </>
            )}
            {open && NEEDS[open] && (
              <TextField
                label={translate(`gsn.changes.body.${NEEDS[open]}`)}
                value={text}
                onChange={(e) => setText(e.target.value)}
                multiline
                minRows={3}
                required
              />
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setOpen(null)} />
          <Button label="ra.action.confirm" variant="contained" onClick={() => open && run(open)} disabled={text.trim().length < 3} />
        </DialogActions>
      </Dialog>
    </Stack>
  )
}
