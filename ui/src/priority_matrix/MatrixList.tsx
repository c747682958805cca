import { DataTable, List, useTranslate } from 'react-admin'
import Typography from '@mui/material/Typography'
import { EnumCol } from '../common/columns'
import { useCan } from '../common/permissions'

/** The nine cells, impact by urgency; an admin opens a cell to change its priority. */
export default function MatrixList() {
  const mayEdit = useCan('priority_matrix', 'update')
  const translate = useTranslate()
  return (
    <List perPage={25} pagination={false} actions={false} sort={{ field: 'impact', order: 'ASC' }}>
      <Typography variant="body2" sx={{ p: 2 }}>
        {translate('resources.priority_matrix.helper')}
      </Typography>
      <DataTable rowClick={mayEdit ? 'edit' : false} bulkActionButtons={false}>
        <EnumCol source="impact" name="impact" />
        <EnumCol source="urgency" name="urgency" />
        <EnumCol source="priority" name="incident_priority" />
      </DataTable>
    </List>
  )
}
