import { BooleanField, DataTable, List, SearchInput, SelectInput, TextInput } from 'react-admin'
import { EnumCol, ReferenceCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { AgencyInput } from '../common/references'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={choices('device_kind')} alwaysOn />,
  <AgencyInput key="agency_id" />,
  <SelectInput key="region" source="region" choices={choices('region')} />,
  <SelectInput key="snmp_version" source="snmp_version" choices={choices('snmp_version')} />,
  <TextInput key="vendor" source="vendor" />,
  <TextInput key="hostname" source="hostname" />,
]

export default function DeviceList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'hostname', order: 'ASC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="hostname" />
        <EnumCol source="kind" name="device_kind" />
        <DataTable.Col source="management_address" />
        <EnumCol source="region" name="region" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.Col source="vendor" />
        <DataTable.Col source="model" disableSort />
        <EnumCol source="snmp_version" name="snmp_version" disableSort />
        <DataTable.Col source="snmp_credentials_set" disableSort>
          <BooleanField source="snmp_credentials_set" />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}
