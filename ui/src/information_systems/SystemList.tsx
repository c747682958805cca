import { DataTable, List, SearchInput, SelectInput, TextInput } from 'react-admin'
import { DateInput } from '../common/date_inputs'
import { EnumCol, ReferenceCol, DayCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { AgencyInput, ReferenceAutocomplete } from '../common/references'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={choices('system_status')} alwaysOn />,
  <SelectInput key="category" source="category" choices={choices('system_category')} />,
  <AgencyInput key="agency_id" />,
  <ReferenceAutocomplete key="data_centre_id" source="data_centre_id" reference="data_centres" />,
  <ReferenceAutocomplete key="merged_into_id" source="merged_into_id" reference="information_systems" />,
  <DateInput key="retirement_date_gte" source="retirement_date_gte" />,
  <DateInput key="retirement_date_lte" source="retirement_date_lte" />,
  <TextInput key="code" source="code" />,
]

export default function SystemList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'code', order: 'ASC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="code" />
        <DataTable.Col source="name" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <ReferenceCol source="data_centre_id" reference="data_centres" />
        <EnumCol source="category" name="system_category" />
        <EnumCol source="status" name="system_status" />
        <DayCol source="retirement_date" />
      </DataTable>
    </List>
  )
}
