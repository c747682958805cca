import { Link } from '@mui/material'
import { Link as RouterLink } from 'react-router'
import {
  CreateButton,
  DataTable,
  FilterButton,
  List,
  SearchInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useRecordContext,
} from 'react-admin'
import ReportIcon from '@mui/icons-material/ReportGmailerrorred'
import { TimeCol } from '../common/columns'
import { ExportCsvButton } from '../common/ListActions'
import { useCan } from '../common/permissions'
import { AgencyInput } from '../common/references'
import { OriginField } from './OriginField'

const ORIGINS = ['detection', 'eve', 'syslog', 'manual']

// Choice names are message keys: react-admin words them in the reader's language.
const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="origin" source="origin" choices={ORIGINS.map((id) => ({ id, name: `gsn.security_events.origin.${id}` }))} />,
  <TextInput key="kind" source="kind" />,
  <TextInput key="source" source="source" />,
  <TextInput key="target" source="target" />,
  <AgencyInput key="agency_id" />,
]

/** The events are written by the sensors, the detections and the reports: no create, but a report for those who may file one. */
function Actions() {
  const mayReport = useCan('security_reports', 'create')
  return (
    <TopToolbar>
      <FilterButton />
      {mayReport && (
        <CreateButton resource="security_reports" label="gsn.security_events.report" icon={<ReportIcon />} />
      )}
      <ExportCsvButton />
    </TopToolbar>
  )
}

function IncidentLink() {
  const record = useRecordContext<{ incident_id: number | null; incident_number: string | null }>()
  if (!record?.incident_id) return <span>—</span>
  return (
    <Link component={RouterLink} to={`/incidents/${record.incident_id}/show`}>
      {record.incident_number}
    </Link>
  )
}

// empty={false}: a liaison whose agency has no events yet must still find the report button, which
// react-admin's empty page (drawn in place of the list and its toolbar) would hide.
export default function SecurityEventList() {
  return (
    <List empty={false} filters={filters} actions={<Actions />} perPage={25} sort={{ field: 'last_seen', order: 'DESC' }} exporter={false}>
      <DataTable rowClick={false} bulkActionButtons={false}>
        <TimeCol source="last_seen" />
        <DataTable.Col source="origin">
          <OriginField />
        </DataTable.Col>
        <DataTable.Col source="summary" disableSort />
        <DataTable.Col source="source">
          <TextField source="source" emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="target">
          <TextField source="target" emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="severity" />
        <DataTable.Col source="incident_number" disableSort>
          <IncidentLink />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}
