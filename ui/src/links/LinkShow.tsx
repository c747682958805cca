import {
  DataTable,
  Labeled,
  NumberField,
  ReferenceField,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
} from 'react-admin'
import { Box, Stack } from '@mui/material'
import { EnumCol } from '../common/columns'
import { DayField, TimeField } from '../common/dates'
import { EnumField } from '../common/EnumField'
import { LinkIncidents, LinkStatePanel, StateHistory } from './LinkMonitoring'
import { TrafficViews } from './TrafficViews'

export default function LinkShow() {
  return (
    <Show>
      <Monitoring />
      <SimpleShowLayout>
        <TextField source="circuit_id" />
        <TextField source="name" />
        <EnumField source="kind" name="link_kind" />
        <ReferenceField source="agency_id" reference="agencies" link="show" />
        <TextField source="a_end" />
        <TextField source="z_end" />
        <NumberField source="bandwidth_kbps" />
        <ReferenceField source="device_id" reference="devices" link="show" emptyText="—" />
        <NumberField source="if_index" emptyText="—" />
        <EnumField source="status" name="link_status" />
        <ReferenceField source="consolidated_into_id" reference="links" link="show" emptyText="—" />
        <DayField source="decommission_date" emptyText="—" />
        <TimeField source="updated_at" />
        <FoldedLines />
      </SimpleShowLayout>
      <History />
    </Show>
  )
}

/** What monitoring sees of the link now and over time, above its inventory record. */
function Monitoring() {
  const record = useRecordContext()
  if (!record) return null
  return (
    <Stack spacing={2} sx={{ p: 2, pb: 0 }}>
      <LinkStatePanel linkId={Number(record.id)} />
      <TrafficViews linkId={Number(record.id)} />
    </Stack>
  )
}

function History() {
  const record = useRecordContext()
  if (!record) return null
  return (
    <Box sx={{ display: 'grid', gap: 2, p: 2, pt: 0, gridTemplateColumns: { xs: 'minmax(0, 1fr)', xl: 'minmax(0, 1fr) minmax(0, 1fr)' } }}>
      <StateHistory linkId={Number(record.id)} />
      <LinkIncidents linkId={Number(record.id)} />
    </Box>
  )
}

/** An uplink lists the legacy lines that fold into it. */
function FoldedLines() {
  const record = useRecordContext()
  if (record?.kind !== 'uplink') return null
  return (
    <Labeled label="gsn.links.folded_in" fullWidth>
      <ReferenceManyField reference="links" target="consolidated_into_id" perPage={25}>
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="circuit_id" />
          <DataTable.Col source="name" />
          <EnumCol source="status" name="link_status" />
        </DataTable>
      </ReferenceManyField>
    </Labeled>
  )
}
