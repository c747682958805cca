import { DataTable, List, useRecordContext } from 'react-admin'
import { EnumCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { useCan } from '../common/permissions'
import { sharePercent } from './percent'

function LossPercent({ source }: { source: 'loss_degraded' | 'loss_down' }) {
  const record = useRecordContext<{ loss_degraded: number; loss_down: number }>()
  return record ? <>{sharePercent(record[source])}</> : null
}

/** One row of thresholds per link class, edited by an admin; none is added or removed. */
export default function QualityPolicyList() {
  const mayEdit = useCan('line_quality_policies', 'update')
  return (
    <List perPage={25} actions={<ListActions create={false} filters={false} />} sort={{ field: 'id', order: 'ASC' }} pagination={false}>
      <DataTable rowClick={mayEdit ? 'edit' : false} bulkActionButtons={false}>
        <EnumCol source="link_kind" name="link_kind" />
        <DataTable.Col source="loss_degraded" align="right">
          <LossPercent source="loss_degraded" />
        </DataTable.Col>
        <DataTable.Col source="loss_down" align="right">
          <LossPercent source="loss_down" />
        </DataTable.Col>
        <DataTable.NumberCol source="rtt_degraded_ms" />
        <DataTable.NumberCol source="jitter_degraded_ms" />
      </DataTable>
    </List>
  )
}
