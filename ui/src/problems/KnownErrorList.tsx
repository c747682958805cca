import { DataTable, List, SearchInput, SelectInput, TextField, useRecordContext, useTranslate } from 'react-admin'
import { Box, Typography } from '@mui/material'
import { EnumCol, TimeCol } from '../common/columns'
import { choices } from '../common/enums'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={choices('problem_status')} />,
]

/** What the service desk reads once it has found the record: how to recognise it, why, and what to do meanwhile. */
function Record() {
  const translate = useTranslate()
  const record = useRecordContext()
  if (!record) return null
  return (
    <Box sx={{ display: 'grid', gap: 1, py: 1 }}>
      {(['symptoms', 'root_cause', 'workaround', 'resolution'] as const).map((field) =>
        record[field] ? (
          <Box key={field}>
            <Typography component="h3" variant="subtitle2">{translate(`resources.known_errors.fields.${field}`)}</Typography>
            <TextField source={field} sx={{ whiteSpace: 'pre-wrap' }} />
          </Box>
        ) : null
      )}
    </Box>
  )
}

/** The known-error search of the service desk: what matches the words a caller used, with its workaround. */
export default function KnownErrorList() {
  return (
    <List filters={filters} perPage={25} sort={{ field: 'known_error_at', order: 'DESC' }} exporter={false}>
      <DataTable rowClick="expand" expand={<Record />} bulkActionButtons={false}>
        <DataTable.Col source="number" />
        <DataTable.Col source="title" />
        <DataTable.Col source="workaround" disableSort />
        <EnumCol source="status" name="problem_status" />
        <TimeCol source="known_error_at" />
      </DataTable>
    </List>
  )
}
