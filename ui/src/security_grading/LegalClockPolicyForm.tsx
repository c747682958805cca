import { NumberInput, SelectInput, SimpleForm, maxValue, minValue, number, required } from 'react-admin'
import { choices } from '../common/enums'

const duration = [required(), number(), minValue(1)]

/** A legal clock's durations: its clock is fixed (shown, not chosen). */
export function LegalClockPolicyForm() {
  return (
    <SimpleForm sx={{ maxWidth: 600 }}>
      <SelectInput source="clock" choices={choices('legal_clock')} readOnly />
      <SelectInput source="unit" choices={choices('legal_clock_unit')} validate={required()} />
      <NumberInput source="levels_1_2" min={1} step={1} validate={duration} />
      <NumberInput source="levels_3_4" min={1} step={1} validate={duration} />
      <NumberInput source="warning_percent" min={1} max={99} step={1} validate={[required(), number(), minValue(1), maxValue(99)]} helperText="gsn.security.warning_help" />
    </SimpleForm>
  )
}
