import { NumberField, ReferenceField, Show, SimpleShowLayout, TextField } from 'react-admin'
import { DayField, TimeField } from '../common/dates'
import { EnumField } from '../common/EnumField'

export default function DataCentreShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="code" />
        <TextField source="name" />
        <ReferenceField source="agency_id" reference="agencies" link="show" />
        <EnumField source="region" name="region" />
        <EnumField source="status" name="data_centre_status" />
        <ReferenceField source="consolidated_into_id" reference="data_centres" link="show" emptyText="—" />
        <DayField source="closure_date" emptyText="—" />
        <NumberField source="racks" />
        <NumberField source="servers" />
        <TimeField source="updated_at" />
      </SimpleShowLayout>
    </Show>
  )
}
