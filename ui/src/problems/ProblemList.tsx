import { DataTable, List, SearchInput, SelectInput } from 'react-admin'
import { EnumCol, ReferenceCol, TimeCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { AgencyInput } from '../common/references'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={choices('problem_status')} alwaysOn />,
  <SelectInput key="priority" source="priority" choices={choices('incident_priority')} />,
  <AgencyInput key="agency_id" />,
]

export default function ProblemList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'opened_at', order: 'DESC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="number" />
        <DataTable.Col source="title" />
        <EnumCol source="priority" name="incident_priority" />
        <EnumCol source="status" name="problem_status" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.NumberCol source="incident_count" disableSort />
        <DataTable.NumberCol source="open_incident_count" disableSort />
        <TimeCol source="opened_at" />
      </DataTable>
    </List>
  )
}
