import {
  DataTable,
  List,
  SearchInput,
  SelectInput,
  TextInput,
} from 'react-admin'
import { DateInput } from '../common/date_inputs'
import { EnumCol, ReferenceCol, DayCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { AgencyInput, ReferenceAutocomplete } from '../common/references'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={choices('data_centre_status')} alwaysOn />,
  <AgencyInput key="agency_id" />,
  <SelectInput key="region" source="region" choices={choices('region')} />,
  <ReferenceAutocomplete key="consolidated_into_id" source="consolidated_into_id" reference="data_centres" />,
  <DateInput key="closure_date_gte" source="closure_date_gte" />,
  <DateInput key="closure_date_lte" source="closure_date_lte" />,
  <TextInput key="code" source="code" />,
]

export default function DataCentreList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'code', order: 'ASC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="code" />
        <DataTable.Col source="name" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <EnumCol source="region" name="region" />
        <EnumCol source="status" name="data_centre_status" />
        <ReferenceCol source="consolidated_into_id" reference="data_centres" disableSort />
        <DayCol source="closure_date" />
        <DataTable.NumberCol source="racks" />
        <DataTable.NumberCol source="servers" />
      </DataTable>
    </List>
  )
}
