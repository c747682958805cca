import {
  BooleanField,
  NumberField,
  ReferenceField,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
} from 'react-admin'
import { Stack } from '@mui/material'
import { TimeField } from '../common/dates'
import { EnumField } from '../common/EnumField'
import { DeviceInterfaces, DeviceStatusPanel } from './DeviceMonitoring'
import { DeviceDiscovery } from './DeviceDiscovery'
import { DeviceHealth } from './DeviceHealth'

export default function DeviceShow() {
  return (
    <Show>
      <Reachability />
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
      </SimpleShowLayout>
      <Interfaces />
    </Show>
  )
}

/** What the collectors see of the device, above its inventory record. */
function Reachability() {
  const record = useRecordContext()
  if (!record) return null
  return (
    <Stack spacing={2} sx={{ p: 2, pb: 0 }}>
      <DeviceStatusPanel deviceId={Number(record.id)} />
      <DeviceHealth deviceId={Number(record.id)} />
    </Stack>
  )
}

/** The links polled on it, with their state, and discovery of the interfaces not yet bound. */
function Interfaces() {
  const record = useRecordContext()
  if (!record) return null
  return (
    <Stack spacing={2} sx={{ p: 2, pt: 0 }}>
      <DeviceInterfaces deviceId={Number(record.id)} />
      <DeviceDiscovery deviceId={Number(record.id)} />
    </Stack>
  )
}
