import { NumberInput, SelectInput, SimpleForm, TextInput, minValue, required } from 'react-admin'
import { DateInput } from '../common/date_inputs'
import { choices } from '../common/enums'
import { AgencyInput, ReferenceAutocomplete } from '../common/references'

export function LinkForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="circuit_id" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="kind" choices={choices('link_kind')} validate={required()} />
      <AgencyInput validate={required()} />
      <TextInput source="a_end" validate={required()} fullWidth />
      <TextInput source="z_end" validate={required()} fullWidth />
      <NumberInput source="bandwidth_kbps" step={1} validate={[required(), minValue(1)]} />
      <ReferenceAutocomplete source="device_id" reference="devices" />
      <NumberInput source="if_index" step={1} validate={minValue(1)} />
      <SelectInput source="status" choices={choices('link_status')} validate={required()} />
      <ReferenceAutocomplete source="consolidated_into_id" reference="links" filter={{ kind: 'uplink' }} />
      <DateInput source="decommission_date" />
    </SimpleForm>
  )
}
