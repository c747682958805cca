import { DataTable, FunctionField, List, SearchInput, TextInput, useTranslate } from 'react-admin'
import { DateInput } from '../common/date_inputs'
import { Chip } from '@mui/material'
import { ReferenceCol, TimeCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { AgencyInput } from '../common/references'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <AgencyInput key="agency_id" />,
  <DateInput key="starts_at_gte" source="starts_at_gte" />,
  <DateInput key="starts_at_lte" source="starts_at_lte" />,
  <TextInput key="change_ref" source="change_ref" />,
]

export function ActiveChip({ record }: { record: { active?: boolean; starts_at?: string } }) {
  const translate = useTranslate()
  if (record.active) return <Chip size="small" color="primary" label={translate('gsn.maintenance.active')} />
  const upcoming = record.starts_at && new Date(record.starts_at).getTime() > Date.now()
  return <Chip size="small" variant="outlined" label={translate(upcoming ? 'gsn.maintenance.upcoming' : 'gsn.maintenance.ended')} />
}

export default function MaintenanceWindowList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'starts_at', order: 'DESC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="title" />
        <TimeCol source="starts_at" />
        <TimeCol source="ends_at" />
        <DataTable.Col source="active" disableSort>
          <FunctionField render={(r: any) => <ActiveChip record={r} />} />
        </DataTable.Col>
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.Col source="change_ref" />
        <DataTable.Col source="items" disableSort>
          <FunctionField render={(r: any) => (r.items?.length ?? 0).toLocaleString()} />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}
