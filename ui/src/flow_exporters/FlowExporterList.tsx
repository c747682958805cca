import { Chip } from '@mui/material'
import { DataTable, List, NumberField, SearchInput, TextField, TopToolbar, FilterButton, useRecordContext, useTranslate } from 'react-admin'
import { ReferenceCol, TimeCol } from '../common/columns'
import { AgencyInput } from '../common/references'

const filters = [<SearchInput key="q" source="q" alwaysOn />, <AgencyInput key="agency_id" />]

/** No CSV export and no create: the rows are what the collectors last reported. */
function Actions() {
  return (
    <TopToolbar>
      <FilterButton />
    </TopToolbar>
  )
}

/** Whether the collector that hears the exporter still reports (its figures are current). */
function Reporting() {
  const record = useRecordContext<{ reporting: boolean }>()
  const translate = useTranslate()
  if (!record) return null
  const state = record.reporting ? 'reporting' : 'stale'
  return <Chip size="small" data-reporting={state} color={record.reporting ? 'success' : 'default'} label={translate(`gsn.flow_exporters.${state}`)} />
}

/** Lost exports, as the sequence numbers count them: records (v5, IPFIX) and datagrams (v9). */
function Lost() {
  const record = useRecordContext<{ lost_records: number; lost_datagrams: number }>()
  const translate = useTranslate()
  if (!record) return null
  return <span>{translate('gsn.flow_exporters.lost_value', { records: record.lost_records, datagrams: record.lost_datagrams })}</span>
}

export default function FlowExporterList() {
  return (
    <List filters={filters} actions={<Actions />} perPage={25} sort={{ field: 'exporter', order: 'ASC' }} exporter={false}>
      <DataTable rowClick={false} bulkActionButtons={false}>
        <DataTable.Col source="exporter" />
        <DataTable.Col source="device_hostname">
          <TextField source="device_hostname" emptyText="—" />
        </DataTable.Col>
        <ReferenceCol source="agency_id" reference="agencies" disableSort />
        <DataTable.Col source="datagrams">
          <NumberField source="datagrams" />
        </DataTable.Col>
        <DataTable.Col source="flows">
          <NumberField source="flows" />
        </DataTable.Col>
        <DataTable.Col source="lost_records" label="gsn.flow_exporters.lost">
          <Lost />
        </DataTable.Col>
        <DataTable.Col source="malformed">
          <NumberField source="malformed" />
        </DataTable.Col>
        <DataTable.Col source="unknown_template">
          <NumberField source="unknown_template" />
        </DataTable.Col>
        <DataTable.Col source="sequence_resets">
          <NumberField source="sequence_resets" />
        </DataTable.Col>
        <DataTable.Col source="collector_kernel_drops" disableSort>
          <NumberField source="collector_kernel_drops" emptyText="—" />
        </DataTable.Col>
        <TimeCol source="last_seen" />
        <DataTable.Col source="reporting" disableSort>
          <Reporting />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}
