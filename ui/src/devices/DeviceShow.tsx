import {
  BooleanField,
  NumberField,
  ReferenceField,
  ReferenceManyField,
  DataTable,
  Show,
  SimpleShowLayout,
  TextField,
} from 'react-admin'
import { EnumCol } from '../common/columns'
import { TimeField } from '../common/dates'
import { EnumField } from '../common/EnumField'

export default function DeviceShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="hostname" />
        <EnumField source="kind" name="device_kind" />
        <TextField source="management_address" />
        <EnumField source="region" name="region" />
        <ReferenceField source="agency_id" reference="agencies" link="show" />
        <TextField source="vendor" emptyText="—" />
        <TextField source="model" emptyText="—" />
        <EnumField source="snmp_version" name="snmp_version" />
        <NumberField source="snmp_port" />
        <NumberField source="poll_interval_s" />
        <BooleanField source="snmp_credentials_set" />
        <TextField source="snmp_user" emptyText="—" />
        <EnumField source="snmp_security_level" name="snmp_security_level" />
        <TextField source="snmp_auth_protocol" emptyText="—" />
        <TextField source="snmp_priv_protocol" emptyText="—" />
        <TimeField source="updated_at" />
        <ReferenceManyField reference="links" target="device_id" label="gsn.devices.links" perPage={50}>
          <DataTable rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="circuit_id" />
            <DataTable.Col source="name" />
            <DataTable.NumberCol source="if_index" disableSort />
            <EnumCol source="status" name="link_status" />
          </DataTable>
        </ReferenceManyField>
      </SimpleShowLayout>
    </Show>
  )
}
