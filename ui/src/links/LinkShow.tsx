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
import { EnumCol } from '../common/columns'
import { DayField, TimeField } from '../common/dates'
import { EnumField } from '../common/EnumField'

export default function LinkShow() {
  return (
    <Show>
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
    </Show>
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
