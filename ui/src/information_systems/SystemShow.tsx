import { BooleanField, ReferenceField, Show, SimpleShowLayout, TextField } from 'react-admin'
import { DayField, TimeField } from '../common/dates'
import { EnumField } from '../common/EnumField'

export default function SystemShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="code" />
        <TextField source="name" />
        <ReferenceField source="agency_id" reference="agencies" link="show" />
        <ReferenceField source="data_centre_id" reference="data_centres" link="show" emptyText="—" />
        <EnumField source="category" name="system_category" />
        <EnumField source="status" name="system_status" />
        <ReferenceField source="merged_into_id" reference="information_systems" link="show" emptyText="—" />
        <DayField source="retirement_date" emptyText="—" />
        <BooleanField source="core" />
        <TimeField source="updated_at" />
      </SimpleShowLayout>
    </Show>
  )
}
