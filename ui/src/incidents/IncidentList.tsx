import {
  DataTable,
  List,
  SearchInput,
  SelectArrayInput,
  SelectInput,
  TextInput,
  useListContext,
  useLocaleState,
  useRecordContext,
} from 'react-admin'
import { DateInput } from '../common/date_inputs'
import { EnumCol, ReferenceCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices } from '../common/enums'
import { AgencyInput } from '../common/references'
import { formatAgo, useNow } from '../noc/format'
import { AssigneeInput } from './AssigneeInput'
import { SlaBar } from './Sla'
import { taipeiTime } from './format'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectArrayInput key="status" source="status" choices={choices('incident_status')} alwaysOn />,
  <SelectInput key="priority" source="priority" choices={choices('incident_priority')} alwaysOn />,
  <AssigneeInput key="assignee_id" source="assignee_id" label="resources.incidents.fields.assignee_id" />,
  <SelectInput key="type" source="type" choices={choices('incident_type')} />,
  <AgencyInput key="agency_id" />,
  <DateInput key="opened_at_gte" source="opened_at_gte" />,
  <DateInput key="opened_at_lte" source="opened_at_lte" />,
  <TextInput key="number" source="number" />,
]

/** How long the incident has been open, in the reader's words; the exact time on hover. */
export function Age() {
  const record = useRecordContext()
  const [locale] = useLocaleState()
  const now = useNow(60_000)
  if (!record?.opened_at) return null
  return <span title={taipeiTime(record.opened_at, locale)}>{formatAgo(record.opened_at, locale, now)}</span>
}

/**
 * The SLA column only once the API sends SLA clocks with the incidents: the queues' meter, sorted by
 * the next breach (My queue opens sorted so).
 */
function IncidentTable() {
  const { data } = useListContext()
  const withSla = Boolean(data?.some((incident) => incident.sla))
  return (
    <DataTable rowClick="show">
      <DataTable.Col source="number" />
      <DataTable.Col source="title" />
      <EnumCol source="priority" name="incident_priority" />
      <EnumCol source="status" name="incident_status" />
      <ReferenceCol source="agency_id" reference="agencies" />
      <DataTable.Col source="assignee_name" disableSort />
      <DataTable.Col source="opened_at" label="resources.incidents.fields.age">
        <Age />
      </DataTable.Col>
      {withSla && (
        <DataTable.Col source="sla_due_at" label="resources.incidents.fields.sla">
          <SlaBar />
        </DataTable.Col>
      )}
    </DataTable>
  )
}

export default function IncidentList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions />} sort={{ field: 'opened_at', order: 'DESC' }}>
      <IncidentTable />
    </List>
  )
}
