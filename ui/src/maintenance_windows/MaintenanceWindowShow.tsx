import { FunctionField, ReferenceField, Show, SimpleShowLayout, TextField } from 'react-admin'
import { TimeField } from '../common/dates'
import { ItemsField } from '../common/ItemsField'
import { ActiveChip } from './MaintenanceWindowList'

export default function MaintenanceWindowShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="title" />
        <FunctionField source="active" render={(r: any) => <ActiveChip record={r} />} />
        <TimeField source="starts_at" />
        <TimeField source="ends_at" />
        <TextField source="reason" sx={{ whiteSpace: 'pre-wrap' }} />
        <TextField source="change_ref" emptyText="—" />
        <ReferenceField source="agency_id" reference="agencies" link="show" />
        <ItemsField title="resources.maintenance_windows.fields.items" empty="gsn.maintenance.no_items" testId="window-items" />
        <TimeField source="created_at" />
        <TimeField source="updated_at" />
      </SimpleShowLayout>
    </Show>
  )
}
