import { DataTable, List, useRecordContext, useTranslate } from 'react-admin'
import { ListActions } from '../common/ListActions'
import { useCan } from '../common/permissions'

function Weekdays() {
  const record = useRecordContext<{ weekdays: number[] }>()
  const translate = useTranslate()
  return <>{record?.weekdays.map((d) => translate(`enums.weekday.${d}`)).join(', ')}</>
}

/** One row, the office hours: admins open it to change them. */
export default function BusinessHoursList() {
  const mayEdit = useCan('business_hours', 'update')
  return (
    <List perPage={1} actions={<ListActions create={false} filters={false} />} pagination={false}>
      <DataTable rowClick={mayEdit ? 'edit' : false} bulkActionButtons={false}>
        <DataTable.Col source="weekdays" disableSort>
          <Weekdays />
        </DataTable.Col>
        <DataTable.Col source="opens_at" disableSort />
        <DataTable.Col source="closes_at" disableSort />
      </DataTable>
    </List>
  )
}
