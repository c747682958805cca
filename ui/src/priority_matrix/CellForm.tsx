import { Edit, SelectInput, SimpleForm, required } from 'react-admin'
import { choices } from '../common/enums'

/** A cell's impact and urgency are its place in the matrix: shown, not changed. */
export function CellEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm sx={{ maxWidth: 600 }}>
        <SelectInput source="impact" choices={choices('impact')} disabled />
        <SelectInput source="urgency" choices={choices('urgency')} disabled />
        <SelectInput source="priority" choices={choices('incident_priority')} validate={required()} />
      </SimpleForm>
    </Edit>
  )
}
