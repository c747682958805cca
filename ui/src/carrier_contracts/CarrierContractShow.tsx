import { NumberField, ReferenceField, Show, SimpleShowLayout, TextField } from 'react-admin'
import { DayField, TimeField } from '../common/dates'

export default function CarrierContractShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="contract_ref" />
        <TextField source="carrier" />
        <ReferenceField source="link_id" reference="links" link="show" />
        <ReferenceField source="agency_id" reference="agencies" link="show" />
        <NumberField source="availability_pct" />
        <NumberField source="latency_ms" />
        <NumberField source="latency_percentile" />
        <NumberField source="loss_pct" />
        <DayField source="starts_on" emptyText="—" />
        <DayField source="ends_on" emptyText="—" />
        <TimeField source="updated_at" />
      </SimpleShowLayout>
    </Show>
  )
}
