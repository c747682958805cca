import { NumberInput, SelectInput, SimpleForm, maxValue, minValue, number, required } from 'react-admin'
import { choices } from '../common/enums'

const percent = [required(), number(), minValue(1), maxValue(100)]

/** A device kind's health thresholds: the kind is fixed (shown, not chosen). */
export function HealthPolicyForm() {
  return (
    <SimpleForm sx={{ maxWidth: 600 }}>
      <SelectInput source="device_kind" choices={choices('device_kind')} readOnly />
      <NumberInput source="cpu_pct" min={1} max={100} validate={percent} />
      <NumberInput source="memory_pct" min={1} max={100} validate={percent} />
      <NumberInput source="storage_pct" min={1} max={100} validate={percent} />
      <NumberInput source="temperature_c" min={1} max={150} validate={[required(), number(), minValue(1), maxValue(150)]} />
      <NumberInput
        source="sustain_polls"
        min={1}
        max={60}
        step={1}
        validate={[required(), number(), minValue(1), maxValue(60)]}
        helperText="gsn.device_health_policies.sustain_help"
      />
    </SimpleForm>
  )
}
