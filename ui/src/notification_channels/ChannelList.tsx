import { BooleanField, BooleanInput, DataTable, List, SearchInput, SelectInput } from 'react-admin'
import { EnumCol, ReferenceCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { AgencyInput } from '../common/references'
import { useCan } from '../common/permissions'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={choices('channel_kind')} alwaysOn />,
  <AgencyInput key="agency_id" />,
  <BooleanInput key="enabled" source="enabled" />,
]

export default function ChannelList() {
  // The form is the channel's only page: a row opens it for those who may change it.
  const mayEdit = useCan('notification_channels', 'update')
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'name', order: 'ASC' }}>
      <DataTable rowClick={mayEdit ? 'edit' : false} bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <EnumCol source="kind" name="channel_kind" />
        <DataTable.Col source="target" disableSort />
        <EnumCol source="min_priority" name="incident_priority" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.Col source="enabled">
          <BooleanField source="enabled" />
        </DataTable.Col>
        <DataTable.Col source="secret_set" disableSort>
          <BooleanField source="secret_set" />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}
