import { NumberInput, SelectInput, SimpleForm, TextInput, minValue, required } from 'react-admin'
import { DateInput } from '../common/date_inputs'
import { choices } from '../common/enums'
import { AgencyInput, ReferenceAutocomplete } from '../common/references'

export function DataCentreForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="code" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <AgencyInput validate={required()} />
      <SelectInput source="region" choices={choices('region')} validate={required()} />
      <SelectInput source="status" choices={choices('data_centre_status')} validate={required()} />
      <ReferenceAutocomplete source="consolidated_into_id" reference="data_centres" />
      <DateInput source="closure_date" />
      <NumberInput source="racks" validate={[required(), minValue(0)]} step={1} />
      <NumberInput source="servers" validate={[required(), minValue(0)]} step={1} />
    </SimpleForm>
  )
}
