import { DataTable, List, SearchInput, TextInput } from 'react-admin'
import { DayCol, ReferenceCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { AgencyInput, ReferenceAutocomplete } from '../common/references'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TextInput key="carrier" source="carrier" alwaysOn />,
  <AgencyInput key="agency_id" />,
  <ReferenceAutocomplete key="link_id" source="link_id" reference="links" />,
  <TextInput key="contract_ref" source="contract_ref" />,
]

export default function CarrierContractList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'contract_ref', order: 'ASC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="contract_ref" />
        <DataTable.Col source="carrier" />
        <ReferenceCol source="link_id" reference="links" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.NumberCol source="availability_pct" />
        <DataTable.NumberCol source="latency_ms" />
        <DataTable.NumberCol source="latency_percentile" />
        <DataTable.NumberCol source="loss_pct" />
        <DayCol source="starts_on" />
        <DayCol source="ends_on" />
      </DataTable>
    </List>
  )
}
