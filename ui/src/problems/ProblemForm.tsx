import { SelectInput, SimpleForm, TextInput, required } from 'react-admin'
import { choices } from '../common/enums'
import { AgencyInput } from '../common/references'

/** The descriptive fields: the root cause, workaround and resolution are written by the commands. */
export function ProblemForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="description" multiline minRows={3} fullWidth />
      <SelectInput source="priority" choices={choices('incident_priority')} validate={required()} />
      <AgencyInput />
    </SimpleForm>
  )
}
