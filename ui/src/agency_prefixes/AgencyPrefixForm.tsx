import { SimpleForm, TextInput, maxLength, required } from 'react-admin'
import { AgencyInput } from '../common/references'

export function AgencyPrefixForm() {
  return (
    <SimpleForm sx={{ maxWidth: 600 }}>
      <TextInput source="prefix" validate={[required(), maxLength(64)]} helperText="resources.agency_prefixes.help.prefix" fullWidth />
      <AgencyInput validate={required()} />
      <TextInput source="description" validate={maxLength(200)} fullWidth />
    </SimpleForm>
  )
}
