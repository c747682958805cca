import { DateInput, NumberInput, SelectInput, SimpleForm, TextInput, maxValue, minValue, required } from 'react-admin'
import { ReferenceAutocomplete } from '../common/references'

const PERCENTILES = [50, 95, 99].map((p) => ({ id: p, name: `p${p}` }))

export function CarrierContractForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="contract_ref" validate={required()} />
      <ReferenceAutocomplete source="link_id" reference="links" validate={required()} fullWidth />
      <TextInput source="carrier" validate={required()} />
      <NumberInput source="availability_pct" validate={[required(), minValue(50), maxValue(100)]} step={0.01} />
      <NumberInput source="latency_ms" validate={[required(), minValue(0.1)]} />
      <SelectInput source="latency_percentile" choices={PERCENTILES} validate={required()} />
      <NumberInput source="loss_pct" validate={[required(), minValue(0), maxValue(100)]} step={0.01} />
      <DateInput source="starts_on" />
      <DateInput source="ends_on" />
    </SimpleForm>
  )
}
