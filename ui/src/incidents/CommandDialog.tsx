import { useId, useState, type ReactNode } from 'react'
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material'
import { useFormContext } from 'react-hook-form'
import {
  Form,
  SelectInput,
  TextInput,
  required,
  useGetIdentity,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin'
import { HOLD_REASONS, type IncidentCommand } from '../../../shared/incident_lifecycle'
import { refusal, runCommand } from './api'
import { AssigneeInput } from './AssigneeInput'

type Values = Record<string, unknown>

/** A text the person left empty is not sent: the API takes a missing note, not an empty one. */
function filled(value: unknown) {
  return typeof value === 'string' && value.trim() === '' ? undefined : value
}

/** Each command's body (app/incidents/incident_routes.ts), from its dialog's fields. */
function bodyOf(command: IncidentCommand, v: Values): Values {
  const note = filled(v.note)
  switch (command) {
    case 'assign':
      return { assignee_id: v.assignee_id ?? null, note }
    case 'hold':
      return { reason: v.reason, note }
    case 'resolve':
      return { resolution: filled(v.resolution) }
    case 'reopen':
    case 'cancel':
      return { reason: filled(v.reason) }
    default:
      return { note }
  }
}

const noteInput = <TextInput source="note" label="gsn.incidents.dialog.note" multiline minRows={2} fullWidth />

/** The fields each command asks for; a command without a required field asks only for a note. */
function CommandFields({ command, incidentId }: { command: IncidentCommand; incidentId: number | string }) {
  switch (command) {
    case 'assign':
      return (
        <>
          <AssigneeInput label="gsn.incidents.dialog.assignee" incidentId={incidentId} />
          {noteInput}
        </>
      )
    case 'hold':
      return (
        <>
          <SelectInput
            source="reason"
            label="gsn.incidents.dialog.hold_reason"
            choices={HOLD_REASONS.map((id) => ({ id, name: `gsn.incidents.hold_reasons.${id}` }))}
            validate={required()}
          />
          {noteInput}
        </>
      )
    case 'resolve':
      return <TextInput source="resolution" label="gsn.incidents.dialog.resolution" multiline minRows={3} fullWidth validate={required()} autoFocus />
    case 'reopen':
    case 'cancel':
      return <TextInput source="reason" label={`gsn.incidents.dialog.${command}_reason`} multiline minRows={2} fullWidth validate={required()} autoFocus />
    default:
      return noteInput
  }
}

/** Assigning offers two shortcuts beside the picked person: oneself, and nobody. */
function AssignShortcuts({ send }: { send: (values: Values) => void }) {
  const record = useRecordContext()
  const { identity } = useGetIdentity()
  const { getValues } = useFormContext()
  const translate = useTranslate()
  return (
    <>
      {record?.assignee_id != null && (
        <Button onClick={() => send({ ...getValues(), assignee_id: null })}>{translate('gsn.incidents.dialog.unassign')}</Button>
      )}
      {identity && record?.assignee_id !== identity.id && (
        <Button onClick={() => send({ ...getValues(), assignee_id: identity.id })}>{translate('gsn.incidents.dialog.assign_to_me')}</Button>
      )}
    </>
  )
}

interface Props {
  command: IncidentCommand
  /** The button's words, which the dialog's title repeats: start reads "Resume" from a hold. */
  label: string
  onClose: () => void
}

/**
 * One workflow command's dialog: its body's fields, sent to POST /api/incidents/:id/<command>.
 * A refusal stays in the dialog, the API's message above the fields and a 422's field messages
 * on their inputs; success closes it, says so, and reloads the incident and its timeline.
 */
export function CommandDialog({ command, label, onClose }: Props) {
  const record = useRecordContext()!
  const translate = useTranslate()
  const notify = useNotify()
  const refresh = useRefresh()
  const titleId = useId()
  const [problem, setProblem] = useState<string | null>(null)
  const [sending, setSending] = useState(false)

  const send = async (values: Values) => {
    setProblem(null)
    setSending(true)
    try {
      await runCommand(record.id, command, bodyOf(command, values))
      notify(`gsn.incidents.done.${label}`, { type: 'success' })
      onClose()
      refresh()
    } catch (error) {
      const { message, fields } = refusal(error)
      setProblem(message)
      return fields
    } finally {
      setSending(false)
    }
  }

  // Fixed once: a form whose record changes on every render would reset what is being typed.
  const [initial] = useState<Values>(() => (command === 'assign' ? { assignee_id: record.assignee_id ?? null } : {}))
  const actions: ReactNode = command === 'assign' ? <AssignShortcuts send={send} /> : null
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth maxWidth="sm">
      <Form record={initial} onSubmit={send} disableInvalidFormNotification>
        <DialogTitle id={titleId}>
          {translate('gsn.incidents.dialog.title', { command: translate(`gsn.incidents.commands.${label}`), number: record.number })}
        </DialogTitle>
        <DialogContent>
          {problem && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }}>
              {problem}
            </Alert>
          )}
          <CommandFields command={command} incidentId={record.id} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          {actions}
          <Button type="submit" variant="contained" disabled={sending}>
            {translate(`gsn.incidents.commands.${label}`)}
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  )
}
