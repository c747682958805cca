import { useState } from 'react'
import { Button } from '@mui/material'
import { useFormContext } from 'react-hook-form'
import {
  SelectInput,
  TextInput,
  required,
  useGetIdentity,
  useRecordContext,
  useTranslate,
} from 'react-admin'
import { HOLD_REASONS, type IncidentCommand } from '../../../shared/incident_lifecycle'
import { runCommand } from './api'
import { AssigneeInput } from './AssigneeInput'
import { ResolveChildrenInput } from './MajorIncident'
import { IncidentRequestDialog, type Send, type Values } from './IncidentRequestDialog'

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
      return { resolution: filled(v.resolution), resolve_children: v.resolve_children }
    case 'reopen':
    case 'cancel':
      return { reason: filled(v.reason) }
    default:
      return { note }
  }
}

const noteInput = <TextInput source="note" label="gsn.incidents.dialog.note" multiline minRows={2} fullWidth />

/** The fields each command asks for; a command without a required field asks only for a note. */
function CommandFields({ command, incidentId, openChildren }: { command: IncidentCommand; incidentId: number | string; openChildren: number }) {
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
      return (
        <>
          <TextInput source="resolution" label="gsn.incidents.dialog.resolution" multiline minRows={3} fullWidth validate={required()} autoFocus />
          <ResolveChildrenInput openChildren={openChildren} />
        </>
      )
    case 'reopen':
    case 'cancel':
      return <TextInput source="reason" label={`gsn.incidents.dialog.${command}_reason`} multiline minRows={2} fullWidth validate={required()} autoFocus />
    default:
      return noteInput
  }
}

/** Assigning offers two shortcuts beside the picked person: oneself, and nobody. */
function AssignShortcuts({ send }: { send: Send }) {
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

/** One workflow command's dialog: its body's fields, sent to POST /api/incidents/:id/<command>. */
export function CommandDialog({ command, label, onClose }: Props) {
  const record = useRecordContext()!
  const translate = useTranslate()
  const words = translate(`gsn.incidents.commands.${label}`)
  // Fixed once: a form whose record changes on every render would reset what is being typed.
  const [initial] = useState<Values>(() => (command === 'assign' ? { assignee_id: record.assignee_id ?? null } : {}))
  return (
    <IncidentRequestDialog
      title={translate('gsn.incidents.dialog.title', { command: words, number: record.number })}
      submit={words}
      initial={initial}
      request={(values) => runCommand(record.id, command, bodyOf(command, values))}
      done={() => `gsn.incidents.done.${label}`}
      onClose={onClose}
      actions={command === 'assign' ? (send) => <AssignShortcuts send={send} /> : undefined}
    >
      <CommandFields command={command} incidentId={record.id} openChildren={Number(record.open_children ?? 0)} />
    </IncidentRequestDialog>
  )
}
