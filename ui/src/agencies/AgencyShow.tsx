import { ReferenceField, Show, SimpleShowLayout, TextField } from 'react-admin'
import { TimeField } from '../common/dates'
import { EnumField } from '../common/EnumField'

export default function AgencyShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="code" />
        <TextField source="name" />
        <TextField source="name_en" />
        <EnumField source="level" name="agency_level" />
        <EnumField source="kind" name="agency_kind" />
        <EnumField source="region" name="region" />
        <ReferenceField source="parent_id" reference="agencies" link="show" emptyText="—" />
        <ReferenceField source="hub_agency_id" reference="agencies" link="show" emptyText="—" />
        <TimeField source="created_at" />
        <TimeField source="updated_at" />
      </SimpleShowLayout>
    </Show>
  )
}
