import { DataTable, DeleteButton, List } from 'react-admin'
import { ReferenceCol, TimeCol } from '../common/columns'
import { TimeField } from '../common/dates'
import { ListActions } from '../common/ListActions'

/** The API lists every token at once (there are few), so this list neither pages nor sorts. */
export default function TokenList() {
  return (
    <List actions={<ListActions filters={false} />} perPage={1000} pagination={false} exporter={false}>
      <DataTable rowClick={false} bulkActionButtons={false}>
        <DataTable.Col source="id" disableSort />
        <DataTable.Col source="name" disableSort />
        <ReferenceCol source="user_id" reference="users" disableSort />
        <TimeCol source="created_at" disableSort />
        <DataTable.Col source="last_used_at" disableSort>
          <TimeField source="last_used_at" emptyText="—" />
        </DataTable.Col>
        <TimeCol source="expires_at" disableSort />
        <DataTable.Col disableSort>
          <DeleteButton label="gsn.action.revoke" mutationMode="pessimistic" redirect={false} />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}
