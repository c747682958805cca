import { ReferenceField, Show, SimpleShowLayout, TextField } from 'react-admin'
import { TimeField } from '../common/dates'
import { ItemsField } from '../common/ItemsField'
import { EnumField } from '../common/EnumField'
import { useCan } from '../common/permissions'

function Person({ source }: { source: string; label?: string }) {
  const canReadUsers = useCan('users', 'read')
  return canReadUsers ? (
    <ReferenceField source={source} reference="users" link="show" emptyText="—" />
  ) : (
    <TextField source={source} emptyText="—" />
  )
}

export default function IncidentShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="number" />
        <TextField source="title" />
        <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <EnumField source="type" name="incident_type" />
        <EnumField source="priority" name="incident_priority" />
        <EnumField source="status" name="incident_status" />
        <ReferenceField source="agency_id" reference="agencies" link="show" />
        <Person source="assignee_id" label="resources.incidents.fields.assignee_id" />
        <Person source="reported_by_id" label="resources.incidents.fields.reported_by_id" />
        <TextField source="resolution" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <TimeField source="opened_at" />
        <TimeField source="acknowledged_at" emptyText="—" />
        <TimeField source="resolved_at" emptyText="—" />
        <TimeField source="closed_at" emptyText="—" />
        <ItemsField title="resources.incidents.fields.items" empty="gsn.incidents.no_items" />
      </SimpleShowLayout>
    </Show>
  )
}
