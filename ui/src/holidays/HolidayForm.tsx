import { SelectInput, SimpleForm, TextInput, maxLength, required } from 'react-admin'
import { DateInput } from '../common/date_inputs'
import { choices } from '../common/enums'

export function HolidayForm() {
  return (
    <SimpleForm sx={{ maxWidth: 600 }}>
      <DateInput source="date" validate={required()} />
      <SelectInput source="kind" choices={choices('day_kind')} validate={required()} />
      <TextInput source="name_en" validate={[required(), maxLength(200)]} fullWidth />
      <TextInput source="name_zh" validate={[required(), maxLength(200)]} fullWidth />
    </SimpleForm>
  )
}
