import { DataTable, List, SearchInput, SelectInput, TextInput } from 'react-admin'
import { EnumCol, ReferenceCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { ReferenceAutocomplete } from '../common/references'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="level" source="level" choices={choices('agency_level')} />,
  <SelectInput key="kind" source="kind" choices={choices('agency_kind')} />,
  <SelectInput key="region" source="region" choices={choices('region')} />,
  <ReferenceAutocomplete key="parent_id" source="parent_id" reference="agencies" />,
  <TextInput key="code" source="code" />,
]

export default function AgencyList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'code', order: 'ASC' }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="code" />
        <DataTable.Col source="name" />
        <DataTable.Col source="name_en" disableSort />
        <EnumCol source="level" name="agency_level" />
        <EnumCol source="kind" name="agency_kind" />
        <EnumCol source="region" name="region" />
        <ReferenceCol source="parent_id" reference="agencies" />
      </DataTable>
    </List>
  )
}
