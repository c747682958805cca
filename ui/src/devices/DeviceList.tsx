import { Chip } from '@mui/material'
import { BooleanField, DataTable, List, SearchInput, SelectInput, TextInput, useLocaleState, useRecordContext, useTranslate } from 'react-admin'
import { formatAgo, useNow } from '../noc/format'
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

/** What the pollers last found: answering, not answering, or not polled yet; and when. */
function Reachability() {
  const record = useRecordContext<{ reachable: boolean | null; last_poll_at: string | null }>()
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const now = useNow()
  if (!record) return null
  const state = record.reachable === null ? 'never_polled' : record.reachable ? 'reachable' : 'unreachable'
  return (
    <Chip
      size="small"
      data-reachability={state}
      color={state === 'unreachable' ? 'error' : state === 'reachable' ? 'success' : 'default'}
      variant={state === 'never_polled' ? 'outlined' : 'filled'}
      label={translate(`gsn.device_page.${state}`)}
      title={record.last_poll_at ? `${translate('resources.devices.fields.last_poll_at')}: ${formatAgo(record.last_poll_at, locale, now)}` : undefined}
    />
  )
}

export default function DeviceList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'hostname', order: 'ASC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="hostname" />
        <DataTable.Col source="reachable" disableSort>
          <Reachability />
        </DataTable.Col>
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
