import { DataTable, List } from 'react-admin'
import { EnumCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { useCan } from '../common/permissions'

/** One row of thresholds per device kind, edited by an admin; none is added or removed. */
export default function HealthPolicyList() {
  const mayEdit = useCan('device_health_policies', 'update')
  return (
    <List perPage={25} actions={<ListActions create={false} filters={false} />} sort={{ field: 'id', order: 'ASC' }} pagination={false}>
      <DataTable rowClick={mayEdit ? 'edit' : false} bulkActionButtons={false}>
        <EnumCol source="device_kind" name="device_kind" />
        <DataTable.NumberCol source="cpu_pct" />
        <DataTable.NumberCol source="memory_pct" />
        <DataTable.NumberCol source="storage_pct" />
        <DataTable.NumberCol source="temperature_c" />
        <DataTable.NumberCol source="sustain_polls" />
      </DataTable>
    </List>
  )
}
