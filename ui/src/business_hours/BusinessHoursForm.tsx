import { CheckboxGroupInput, SimpleForm, TextInput, required } from 'react-admin'
import { choices } from '../common/enums'

/** PostgreSQL answers 08:30:00; the browser's time field shows and sends HH:mm. */
const hhmm = (value: string | null | undefined) => (value ? value.slice(0, 5) : '')

export function BusinessHoursForm() {
  return (
    <SimpleForm sx={{ maxWidth: 600 }}>
      <CheckboxGroupInput source="weekdays" choices={choices('weekday')} validate={required()} />
      <TextInput source="opens_at" type="time" format={hhmm} validate={required()} helperText="gsn.business_hours.hours" />
      <TextInput source="closes_at" type="time" format={hhmm} validate={required()} />
    </SimpleForm>
  )
}
