import { DateTimeInput, NumberInput, SelectInput, SimpleForm, TextInput, maxValue, minValue, required } from 'react-admin'
import { ReferenceAutocomplete } from '../common/references'
import { tlpChoices } from './TlpChip'
import { typeChoices } from './values'

/**
 * One indicator. The API spells the value its one way (an IPv6 address shortened, a domain in
 * lower case) and says on the field what is wrong; a liaison's source agency is their own unless
 * they name one below it.
 */
export function IndicatorForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <SelectInput source="type" choices={typeChoices} validate={required()} />
      <TextInput source="value" validate={required()} fullWidth />
      <SelectInput source="tlp" choices={tlpChoices} validate={required()} />
      <ReferenceAutocomplete source="sharing_group_id" reference="sharing_groups" label="resources.indicators.fields.sharing_group_id" />
      <ReferenceAutocomplete source="source_agency_id" reference="agencies" label="resources.indicators.fields.source_agency_id" />
      <NumberInput source="confidence" min={0} max={100} step={1} validate={[minValue(0), maxValue(100)]} />
      <TextInput source="description" multiline minRows={2} fullWidth />
      <DateTimeInput source="first_seen_at" />
      <DateTimeInput source="last_seen_at" />
      <DateTimeInput source="expires_at" />
    </SimpleForm>
  )
}
