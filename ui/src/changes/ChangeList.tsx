import { DataTable, FunctionField, List, SearchInput, SelectInput, Button, useTranslate } from 'react-admin'
import { Link } from 'react-router'
import { Chip, Stack } from '@mui/material'
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth'
import { EnumCol, ReferenceCol, TimeCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { AgencyInput } from '../common/references'
import { choices } from '../common/enums'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={choices('change_status')} />,
  <SelectInput key="type" source="type" choices={choices('change_type')} />,
  <AgencyInput key="agency_id" />,
]

export function ConflictChip({ record }: { record: { conflicts?: unknown[] } }) {
  const translate = useTranslate()
  const count = record.conflicts?.length ?? 0
  return count ? <Chip size="small" color="warning" label={translate('gsn.changes.conflicts_count', { smart_count: count })} /> : null
}

function Actions() {
  return (
    <Stack direction="row" alignItems="center">
      <Button component={Link} to="/change_calendar" label="gsn.changes.calendar">
        <CalendarMonthIcon />
      </Button>
      <ListActions />
    </Stack>
  )
}

export default function ChangeList() {
  return (
    <List filters={filters} perPage={25} actions={<Actions />} sort={{ field: 'planned_start', order: 'DESC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="number" />
        <DataTable.Col source="title" />
        <EnumCol source="type" name="change_type" />
        <EnumCol source="status" name="change_status" />
        <EnumCol source="risk" name="change_level" />
        <TimeCol source="planned_start" />
        <TimeCol source="planned_end" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.Col source="conflicts" disableSort>
          <FunctionField render={(r: any) => <ConflictChip record={r} />} />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}
