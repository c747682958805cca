import { BooleanInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin'
import { DateInput } from '../common/date_inputs'
import { choices } from '../common/enums'
import { AgencyInput, ReferenceAutocomplete } from '../common/references'

export function SystemForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="code" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <AgencyInput validate={required()} />
      <ReferenceAutocomplete source="data_centre_id" reference="data_centres" />
      <SelectInput source="category" choices={choices('system_category')} validate={required()} />
      <SelectInput source="status" choices={choices('system_status')} validate={required()} />
      <ReferenceAutocomplete source="merged_into_id" reference="information_systems" />
      <DateInput source="retirement_date" />
      <BooleanInput source="core" />
    </SimpleForm>
  )
}
