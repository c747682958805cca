import { Link, Typography } from '@mui/material'
import { Link as RouterLink } from 'react-router'
import {
  EditButton,
  Labeled,
  ReferenceField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin'
import { TimeField } from '../common/dates'
import { ItemsField } from '../common/ItemsField'
import { EnumField } from '../common/EnumField'
import { CommandButtons } from './CommandButtons'
import { ChildIncidents, LinkParentButton } from './MajorIncident'
import { SlaField } from './Sla'
import { TriageFields } from './Triage'
import { IncidentTimeline } from './Timeline'
import { AttachmentsPanel } from './Attachments'
import { ImpactPanel } from '../changes/ImpactPanel'
import { EvidencePanel } from '../security_events/EvidencePanel'
import { SecurityPanel } from '../security_grading/SecurityPanel'
import { PublishAttackerButton } from '../indicators/PublishAttackerButton'

/** The workflow's buttons beside Edit, as react-admin's demo puts Accept beside a review's Edit. */
function IncidentActions() {
  return (
    <TopToolbar>
      <CommandButtons />
      <LinkParentButton />
      <PublishAttackerButton />
      <EditButton />
    </TopToolbar>
  )
}

/** Another agency's major incident comes without its number (the API's choice), so nothing to link to. */
function ParentField() {
  const record = useRecordContext()
  const translate = useTranslate()
  return (
    <Labeled label="resources.incidents.fields.parent_number">
      {record?.parent_number ? (
        <Link component={RouterLink} to={`/incidents/${record.parent_id}/show`}>
          {record.parent_number}
        </Link>
      ) : (
        <Typography variant="body2">{translate('gsn.incidents.major.elsewhere')}</Typography>
      )}
    </Labeled>
  )
}

/** Fields the incident may lack (its SLA, its major incident) are left out rather than shown empty. */
function IncidentFields() {
  const record = useRecordContext()
  if (!record) return null
  return (
    <SimpleShowLayout>
      <TextField source="number" />
      <TextField source="title" />
      <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
      <EnumField source="type" name="incident_type" />
      <EnumField source="priority" name="incident_priority" />
      <EnumField source="status" name="incident_status" />
      <TriageFields />
      {record.sla ? <SlaField /> : null}
      <ReferenceField source="agency_id" reference="agencies" link="show" />
      <TextField source="assignee_name" emptyText="—" />
      <TextField source="reported_by_name" emptyText="—" />
      {record.parent_id ? <ParentField /> : null}
      <TextField source="resolution" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
      <TimeField source="opened_at" />
      <TimeField source="acknowledged_at" emptyText="—" />
      <TimeField source="resolved_at" emptyText="—" />
      <TimeField source="closed_at" emptyText="—" />
      <ItemsField title="resources.incidents.fields.items" empty="gsn.incidents.no_items" />
    </SimpleShowLayout>
  )
}

export default function IncidentShow() {
  return (
    <Show actions={<IncidentActions />}>
      <IncidentFields />
      <ImpactPanel of="incidents" />
      <ChildIncidents />
      <SecurityPanel />
      <EvidencePanel />
      <AttachmentsPanel />
      <IncidentTimeline />
    </Show>
  )
}
