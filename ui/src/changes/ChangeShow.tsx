import { ReferenceField, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate, Labeled } from 'react-admin'
import { Alert, Stack } from '@mui/material'
import { Link } from 'react-router'
import { TimeField } from '../common/dates'
import { ItemsField } from '../common/ItemsField'
import { EnumField } from '../common/EnumField'
import { ChangeCommands } from './ChangeCommands'
import { ApprovalPanel } from './ApprovalPanel'
import { ChangeTimeline } from './ChangeTimeline'
import { ImpactPanel } from './ImpactPanel'

interface Conflict {
  kind: 'overlap' | 'freeze'
  change_id?: number
  number?: string
  name?: string
  items?: string[]
}

/** Warnings, not refusals: overlapping changes on the same or dependent items, and freezes. */
export function Conflicts() {
  const record = useRecordContext()
  const translate = useTranslate()
  const conflicts: Conflict[] = record?.conflicts ?? []
  if (!conflicts.length) return null
  return (
    <Stack spacing={1} data-testid="change-conflicts">
      {conflicts.map((c) =>
        c.kind === 'overlap' ? (
          <Alert key={`o${c.change_id}`} severity="warning">
            {translate('gsn.changes.overlap', { items: c.items?.join(', ') })} <Link to={`/changes/${c.change_id}/show`}>{c.number}</Link>
          </Alert>
        ) : (
          <Alert key={`f${c.name}`} severity="warning">{translate('gsn.changes.freeze', { name: c.name })}</Alert>
        )
      )}
    </Stack>
  )
}

export default function ChangeShow() {
  return (
    <Show>
      <Stack spacing={2} sx={{ p: 2 }}>
        <ChangeCommands />
        <Conflicts />
      </Stack>
      <SimpleShowLayout>
        <TextField source="number" />
        <TextField source="title" />
        <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <EnumField source="type" name="change_type" />
        <EnumField source="status" name="change_status" />
        <EnumField source="risk" name="change_level" />
        <EnumField source="impact" name="change_level" />
        <TextField source="assessment" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <TextField source="back_out_plan" sx={{ whiteSpace: 'pre-wrap' }} />
        <ReferenceField source="agency_id" reference="agencies" link="show" />
        <TextField source="requested_by_name" emptyText="—" />
        <TimeField source="planned_start" />
        <TimeField source="planned_end" />
        <ReferenceField source="window_id" reference="maintenance_windows" link="show" emptyText="—" />
        <ItemsField title="resources.changes.fields.items" empty="gsn.incidents.no_items" />
        <Labeled label="gsn.changes.approval" fullWidth>
          <ApprovalPanel />
        </Labeled>
        <ImpactPanel />
        <ChangeTimeline />
      </SimpleShowLayout>
    </Show>
  )
}
