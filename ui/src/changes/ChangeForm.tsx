import { FormDataConsumer, SelectInput, SimpleForm, TextInput, required, useRecordContext } from 'react-admin'
import { DateTimeInput } from '../common/date_inputs'
import { AgencyInput, ReferenceAutocomplete } from '../common/references'
import { ItemsInput } from '../common/ItemsInput'
import { choices, ITEM_RESOURCES } from '../common/enums'
import { windowDefaults } from '../maintenance_windows/MaintenanceWindowForm'

export function changeDefaults() {
  const { starts_at, ends_at } = windowDefaults()
  return { type: 'normal', risk: 'medium', impact: 'medium', planned_start: starts_at, planned_end: ends_at, items: [] }
}

/** The descriptive fields; the status moves by the commands on the change's page. */
export function ChangeForm() {
  const record = useRecordContext()
  const editing = Boolean(record?.id)
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="description" multiline minRows={2} fullWidth />
      <SelectInput source="type" choices={choices('change_type')} validate={required()} disabled={editing} />
      <FormDataConsumer>
        {({ formData }) =>
          formData.type === 'standard' ? (
            <ReferenceAutocomplete source="template_id" reference="change_templates" validate={required()} fullWidth disabled={editing} />
          ) : null
        }
      </FormDataConsumer>
      <SelectInput source="risk" choices={choices('change_level')} />
      <SelectInput source="impact" choices={choices('change_level')} validate={required()} />
      <TextInput source="back_out_plan" multiline minRows={2} fullWidth />
      <AgencyInput validate={required()} />
      <DateTimeInput source="planned_start" validate={required()} />
      <DateTimeInput source="planned_end" validate={required()} />
      <ItemsInput resource="changes" tables={ITEM_RESOURCES} />
    </SimpleForm>
  )
}
