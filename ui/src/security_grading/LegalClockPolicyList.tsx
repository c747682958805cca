import { DataTable, List } from 'react-admin'
import { EnumCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { useCan } from '../common/permissions'

/** The four legal clocks, each edited for its durations; none is added or removed. */
export default function LegalClockPolicyList() {
  const mayEdit = useCan('legal_clock_policies', 'update')
  return (
    <List perPage={25} actions={<ListActions filters={false} />} sort={{ field: 'id', order: 'ASC' }} pagination={false}>
      <DataTable rowClick={mayEdit ? 'edit' : false} bulkActionButtons={false}>
        <EnumCol source="clock" name="legal_clock" />
        <EnumCol source="unit" name="legal_clock_unit" />
        <DataTable.NumberCol source="levels_1_2" />
        <DataTable.NumberCol source="levels_3_4" />
        <DataTable.NumberCol source="warning_percent" />
      </DataTable>
    </List>
  )
}
