import { SelectInput, SimpleForm, TextInput, required } from 'react-admin'
import { choices } from '../common/enums'
import { ReferenceAutocomplete } from '../common/references'

export function AgencyForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="code" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="name_en" fullWidth />
      <SelectInput source="level" choices={choices('agency_level')} validate={required()} />
      <SelectInput source="kind" choices={choices('agency_kind')} validate={required()} />
      <SelectInput source="region" choices={choices('region')} validate={required()} />
      <ReferenceAutocomplete source="parent_id" reference="agencies" />
      <ReferenceAutocomplete source="hub_agency_id" reference="agencies" />
    </SimpleForm>
  )
}
