import { NumberInput, SelectInput, SimpleForm, minValue, number, required } from 'react-admin'
import { choices } from '../common/enums'

const minutes = [required(), number(), minValue(1)]

export function SlaPolicyForm() {
  return (
    <SimpleForm sx={{ maxWidth: 600 }}>
      <SelectInput source="type" choices={choices('incident_type')} validate={required()} />
      <SelectInput source="priority" choices={choices('incident_priority')} validate={required()} />
      <NumberInput source="respond_minutes" min={1} step={1} validate={minutes} helperText="gsn.sla_policies.minutes" />
      <NumberInput source="resolve_minutes" min={1} step={1} validate={minutes} helperText="gsn.sla_policies.minutes" />
      <SelectInput source="calendar" choices={choices('sla_calendar')} validate={required()} />
    </SimpleForm>
  )
}
