import {
  BooleanField,
  BooleanInput,
  DataTable,
  List,
  SearchInput,
  SelectInput,
  TextInput,
} from 'react-admin'
import { EnumCol, ReferenceCol, TimeCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { AgencyInput } from '../common/references'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={choices('role')} alwaysOn />,
  <AgencyInput key="agency_id" />,
  <BooleanInput key="active" source="active" />,
  <TextInput key="email" source="email" />,
]

export default function UserList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'email', order: 'ASC' }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="email" />
        <DataTable.Col source="full_name" />
        <EnumCol source="role" name="role" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.Col source="active" disableSort>
          <BooleanField source="active" />
        </DataTable.Col>
        <TimeCol source="last_login_at" />
      </DataTable>
    </List>
  )
}
