import { BooleanInput, DataTable, List, SelectInput, SimpleForm, TextInput, required } from 'react-admin'
import ContentPasteIcon from '@mui/icons-material/ContentPaste'
import { formPages } from '../common/pages'
import { EnumCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'

/** Pre-approved standard changes: raised from one, a change needs no board. */
function TemplateForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="description" validate={required()} multiline minRows={2} fullWidth />
      <SelectInput source="risk" choices={choices('change_level')} validate={required()} />
      <TextInput source="back_out_plan" validate={required()} multiline minRows={2} fullWidth />
      <BooleanInput source="active" />
    </SimpleForm>
  )
}

function TemplateList() {
  return (
    <List perPage={25} actions={<ListActions filters={false} />}>
      <DataTable rowClick="edit">
        <DataTable.Col source="name" />
        <EnumCol source="risk" name="change_level" />
        <DataTable.Col source="active" />
      </DataTable>
    </List>
  )
}

export default {
  list: TemplateList,
  ...formPages(TemplateForm, { defaults: { risk: 'low', active: true }, afterCreate: 'edit' }),
  icon: ContentPasteIcon,
  recordRepresentation: 'name',
}
