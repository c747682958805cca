import { DataTable, List, SearchInput, TextInput } from 'react-admin'
import { ReferenceCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { AgencyInput } from '../common/references'
import { useCan } from '../common/permissions'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <AgencyInput key="agency_id" />,
  <TextInput key="prefix" source="prefix" />,
]

export default function AgencyPrefixList() {
  const mayEdit = useCan('agency_prefixes', 'update')
  return (
    <List filters={filters} perPage={50} actions={<ListActions />} sort={{ field: 'prefix', order: 'ASC' }}>
      <DataTable rowClick={mayEdit ? 'edit' : false} bulkActionButtons={false}>
        <DataTable.Col source="prefix" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.Col source="description" />
      </DataTable>
    </List>
  )
}
