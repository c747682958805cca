import { DataTable, List, NumberField, SearchInput, SelectInput } from 'react-admin'
import { EnumCol, ReferenceCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { useCan } from '../common/permissions'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={choices('group_kind')} alwaysOn />,
  <SelectInput key="region" source="region" choices={choices('region')} />,
]

export default function GroupList() {
  // The form is the group's only page: a row opens it for those who may change it.
  const mayEdit = useCan('assignment_groups', 'update')
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'code', order: 'ASC' }}>
      <DataTable rowClick={mayEdit ? 'edit' : false} bulkActionButtons={false}>
        <DataTable.Col source="code" />
        <DataTable.Col source="name" />
        <DataTable.Col source="name_en" />
        <EnumCol source="kind" name="group_kind" />
        <EnumCol source="region" name="region" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.Col source="open_incidents" disableSort>
          <NumberField source="open_incidents" />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}
