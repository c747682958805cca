import { DataTable, List, SearchInput, SelectInput } from 'react-admin'
import { DateInput } from '../common/date_inputs'
import { DayCol, EnumCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { useCan } from '../common/permissions'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={choices('day_kind')} alwaysOn />,
  <DateInput key="date_gte" source="date_gte" />,
  <DateInput key="date_lte" source="date_lte" />,
]

export default function HolidayList() {
  const mayEdit = useCan('holidays', 'update')
  return (
    <List filters={filters} perPage={50} actions={<ListActions />} sort={{ field: 'date', order: 'ASC' }}>
      <DataTable rowClick={mayEdit ? 'edit' : false} bulkActionButtons={false}>
        <DayCol source="date" />
        <EnumCol source="kind" name="day_kind" />
        <DataTable.Col source="name_en" />
        <DataTable.Col source="name_zh" />
      </DataTable>
    </List>
  )
}
