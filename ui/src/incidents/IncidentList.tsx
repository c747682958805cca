import { DataTable, DateInput, List, SearchInput, SelectInput, TextInput } from 'react-admin'
import { EnumCol, ReferenceCol, TimeCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { AgencyInput } from '../common/references'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={choices('incident_status')} alwaysOn />,
  <SelectInput key="type" source="type" choices={choices('incident_type')} alwaysOn />,
  <SelectInput key="priority" source="priority" choices={choices('incident_priority')} />,
  <AgencyInput key="agency_id" />,
  <DateInput key="opened_at_gte" source="opened_at_gte" />,
  <DateInput key="opened_at_lte" source="opened_at_lte" />,
  <TextInput key="number" source="number" />,
]

export default function IncidentList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'opened_at', order: 'DESC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="number" />
        <DataTable.Col source="title" />
        <EnumCol source="type" name="incident_type" />
        <EnumCol source="priority" name="incident_priority" />
        <EnumCol source="status" name="incident_status" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <TimeCol source="opened_at" />
        <TimeCol source="resolved_at" />
      </DataTable>
    </List>
  )
}
