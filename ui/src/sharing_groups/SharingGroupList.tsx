import { DataTable, List, SearchInput, useRecordContext } from 'react-admin'
import { ListActions } from '../common/ListActions'
import { useCan } from '../common/permissions'

const filters = [<SearchInput key="q" source="q" alwaysOn />]

function MemberCount() {
  const record = useRecordContext<{ member_ids: number[] }>()
  return <span>{record?.member_ids?.length ?? 0}</span>
}

export default function SharingGroupList() {
  const mayCreate = useCan('sharing_groups', 'create')
  return (
    <List filters={filters} perPage={25} actions={<ListActions create={mayCreate} />} sort={{ field: 'name', order: 'ASC' }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="description" disableSort />
        <DataTable.Col source="members" disableSort>
          <MemberCount />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}
