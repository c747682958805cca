import {
  DataTable,
  List,
  NumberInput,
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
  <SelectInput key="kind" source="kind" choices={choices('link_kind')} alwaysOn />,
  <SelectInput key="status" source="status" choices={choices('link_status')} alwaysOn />,
  <AgencyInput key="agency_id" />,
  <ReferenceAutocomplete key="device_id" source="device_id" reference="devices" />,
  <ReferenceAutocomplete key="consolidated_into_id" source="consolidated_into_id" reference="links" />,
  <NumberInput key="bandwidth_kbps_gte" source="bandwidth_kbps_gte" />,
  <NumberInput key="bandwidth_kbps_lte" source="bandwidth_kbps_lte" />,
  <DateInput key="decommission_date_gte" source="decommission_date_gte" />,
  <DateInput key="decommission_date_lte" source="decommission_date_lte" />,
  <TextInput key="circuit_id" source="circuit_id" />,
]

export default function LinkList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'circuit_id', order: 'ASC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="circuit_id" />
        <DataTable.Col source="name" />
        <EnumCol source="kind" name="link_kind" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.NumberCol source="bandwidth_kbps" />
        <EnumCol source="status" name="link_status" />
        <DayCol source="decommission_date" />
      </DataTable>
    </List>
  )
}
