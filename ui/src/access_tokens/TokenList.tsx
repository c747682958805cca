import { CreateButton, DataTable, DeleteButton, FilterButton, List, TopToolbar } from 'react-admin'
import { ReferenceCol, TimeCol } from '../common/columns'
import { TimeField } from '../common/dates'
import { ReferenceAutocomplete } from '../common/references'

const filters = [<ReferenceAutocomplete key="user_id" source="user_id" reference="users" alwaysOn />]

/** No CSV export: the API has none for tokens, and a token list is no inventory to re-import. */
function TokenActions() {
  return (
    <TopToolbar>
      <FilterButton />
      <CreateButton />
    </TopToolbar>
  )
}

export default function TokenList() {
  return (
    <List filters={filters} actions={<TokenActions />} perPage={25} sort={{ field: 'id', order: 'DESC' }} exporter={false}>
      <DataTable rowClick={false} bulkActionButtons={false}>
        <DataTable.Col source="id" />
        <DataTable.Col source="name" />
        <ReferenceCol source="user_id" reference="users" />
        <TimeCol source="created_at" />
        <DataTable.Col source="last_used_at">
          <TimeField source="last_used_at" emptyText="—" />
        </DataTable.Col>
        <TimeCol source="expires_at" />
        <DataTable.Col disableSort>
          <DeleteButton label="gsn.action.revoke" mutationMode="pessimistic" redirect={false} />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}
