import { DataTable, List, SelectInput } from 'react-admin'
import { EnumCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { useCan } from '../common/permissions'

const filters = [
  <SelectInput key="type" source="type" choices={choices('incident_type')} alwaysOn />,
  <SelectInput key="priority" source="priority" choices={choices('incident_priority')} alwaysOn />,
  <SelectInput key="calendar" source="calendar" choices={choices('sla_calendar')} />,
]

export default function SlaPolicyList() {
  const mayEdit = useCan('sla_policies', 'update')
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'priority', order: 'ASC' }}>
      <DataTable rowClick={mayEdit ? 'edit' : false} bulkActionButtons={false}>
        <EnumCol source="type" name="incident_type" />
        <EnumCol source="priority" name="incident_priority" />
        <DataTable.NumberCol source="respond_minutes" />
        <DataTable.NumberCol source="resolve_minutes" />
        <EnumCol source="calendar" name="sla_calendar" />
      </DataTable>
    </List>
  )
}
