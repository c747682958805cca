import { DataTable, List, SimpleForm, TextInput, required } from 'react-admin'
import { DateTimeInput } from '../common/date_inputs'
import AcUnitIcon from '@mui/icons-material/AcUnit'
import { formPages } from '../common/pages'
import { ReferenceCol, TimeCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { AgencyInput } from '../common/references'

/** Times no change should run in; without an agency, the whole programme freezes. */
function FreezeForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="name" validate={required()} fullWidth />
      <DateTimeInput source="starts_at" validate={required()} />
      <DateTimeInput source="ends_at" validate={required()} />
      <TextInput source="reason" validate={required()} multiline minRows={2} fullWidth />
      <AgencyInput />
    </SimpleForm>
  )
}

function FreezeList() {
  return (
    <List perPage={25} actions={<ListActions filters={false} />} sort={{ field: 'starts_at', order: 'DESC' }}>
      <DataTable rowClick="edit">
        <DataTable.Col source="name" />
        <TimeCol source="starts_at" />
        <TimeCol source="ends_at" />
        <ReferenceCol source="agency_id" reference="agencies" />
      </DataTable>
    </List>
  )
}

export default { list: FreezeList, ...formPages(FreezeForm, { afterCreate: 'edit' }), icon: AcUnitIcon, recordRepresentation: 'name' }
