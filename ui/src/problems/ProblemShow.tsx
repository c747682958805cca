import { ReferenceField, Show, SimpleShowLayout, TextField, useTranslate } from 'react-admin'
import { TimeField } from '../common/dates'
import { EnumField } from '../common/EnumField'
import { ProblemCommands } from './ProblemCommands'
import { ProblemIncidents } from './ProblemIncidents'
import { ProblemTimeline } from './ProblemTimeline'

/** A problem without an agency is a national one. */
function AgencyOrNational({ source }: { source: string }) {
  const translate = useTranslate()
  return <ReferenceField source={source} reference="agencies" link="show" emptyText={translate('gsn.problems.national')} />
}

export default function ProblemShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <ProblemCommands />
        <TextField source="number" />
        <TextField source="title" />
        <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <EnumField source="priority" name="incident_priority" />
        <EnumField source="status" name="problem_status" />
        <AgencyOrNational source="agency_id" />
        <TextField source="root_cause" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <TextField source="workaround" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <TextField source="resolution" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <TimeField source="opened_at" />
        <TimeField source="known_error_at" emptyText="—" />
        <TimeField source="resolved_at" emptyText="—" />
        <TimeField source="closed_at" emptyText="—" />
        <ProblemIncidents />
        <ProblemTimeline />
      </SimpleShowLayout>
    </Show>
  )
}
