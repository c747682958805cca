import { useState, type ReactElement } from 'react'
import { Stack } from '@mui/material'
import { Button, useRecordContext, useTranslate } from 'react-admin'
import PersonAddIcon from '@mui/icons-material/PersonAdd'
import PlayArrowIcon from '@mui/icons-material/PlayArrow'
import PauseIcon from '@mui/icons-material/Pause'
import CheckCircleIcon from '@mui/icons-material/CheckCircle'
import LockIcon from '@mui/icons-material/Lock'
import ReplayIcon from '@mui/icons-material/Replay'
import BlockIcon from '@mui/icons-material/Block'
import { commandsFor, type IncidentCommand, type IncidentStatus } from '../../../shared/incident_lifecycle'
import { useCan } from '../common/permissions'
import { CommandDialog } from './CommandDialog'

const ICONS: Record<IncidentCommand, ReactElement> = {
  assign: <PersonAddIcon />,
  start: <PlayArrowIcon />,
  hold: <PauseIcon />,
  resolve: <CheckCircleIcon />,
  close: <LockIcon />,
  reopen: <ReplayIcon />,
  cancel: <BlockIcon />,
}

/** The words of a command's button: starting an incident that is on hold resumes it. */
export function commandLabel(command: IncidentCommand, status: IncidentStatus) {
  return command === 'start' && status === 'on_hold' ? 'resume' : command
}

function CommandButton({ command, status }: { command: IncidentCommand; status: IncidentStatus }) {
  const [open, setOpen] = useState(false)
  const label = commandLabel(command, status)
  return (
    <>
      <Button label={`gsn.incidents.commands.${label}`} onClick={() => setOpen(true)} aria-haspopup="dialog">
        {ICONS[command]}
      </Button>
      {open && <CommandDialog command={command} label={label} onClose={() => setOpen(false)} />}
    </>
  )
}

/**
 * A button for each command the incident's status offers (shared/incident_lifecycle.ts, the list
 * the API enforces), none for the others; none at all for roles that may not work incidents.
 */
export function CommandButtons() {
  const record = useRecordContext()
  const mayWork = useCan('incidents', 'update')
  const translate = useTranslate()
  if (!record || !mayWork) return null
  const status = record.status as IncidentStatus
  return (
    <Stack direction="row" role="group" aria-label={translate('gsn.incidents.workflow')} flexWrap="wrap" useFlexGap>
      {commandsFor(status).map((command) => (
        <CommandButton key={command} command={command} status={status} />
      ))}
    </Stack>
  )
}
