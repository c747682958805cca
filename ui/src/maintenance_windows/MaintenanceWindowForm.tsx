import { SimpleForm, TextInput, required } from 'react-admin'
import { DateTimeInput } from '../common/date_inputs'
import { AgencyInput } from '../common/references'
import { ItemsInput } from '../common/ItemsInput'

/** What a window can silence (the API's WINDOW_ITEM_TABLES). */
export const WINDOW_ITEM_RESOURCES: Record<string, string> = { link: 'links', device: 'devices' }

/** A new window starts at the next quarter hour and lasts two hours, the usual change slot. */
export function windowDefaults() {
  const quarter = 15 * 60_000
  const start = new Date(Math.ceil(Date.now() / quarter) * quarter)
  return {
    starts_at: start.toISOString(),
    ends_at: new Date(start.getTime() + 2 * 3600_000).toISOString(),
    items: [],
  }
}

export function MaintenanceWindowForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="title" validate={required()} fullWidth />
      <DateTimeInput source="starts_at" validate={required()} />
      <DateTimeInput source="ends_at" validate={required()} />
      <TextInput source="reason" validate={required()} multiline minRows={2} fullWidth />
      <TextInput source="change_ref" />
      <AgencyInput validate={required()} />
      <ItemsInput resource="maintenance_windows" tables={WINDOW_ITEM_RESOURCES} />
    </SimpleForm>
  )
}
