import { useId, useState } from 'react'
import { Box, Checkbox, FormControlLabel, Link, Button as MuiButton, Typography } from '@mui/material'
import { Link as RouterLink } from 'react-router'
import AccountTreeIcon from '@mui/icons-material/AccountTree'
import {
  AutocompleteInput,
  Button,
  DataTable,
  ReferenceManyField,
  required,
  useGetList,
  useGetManyReference,
  useInput,
  useRecordContext,
  useTranslate,
} from 'react-admin'
import { INCIDENT_STATUSES, TRANSITIONS } from '../../../shared/incident_lifecycle'
import { EnumCol, ReferenceCol } from '../common/columns'
import { useCan } from '../common/permissions'
import { IncidentRequestDialog, type Values } from './IncidentRequestDialog'
import { API, httpClient } from '../common/http'

/**
 * Major incidents (app/incidents/incident_parents.ts): an incident that stands for an outage
 * many others report, which become its children. The tree is one level deep, so only an incident
 * without a parent lists children, and only one without children is linked to a parent.
 */

/** A closed or cancelled incident takes no more children: the statuses with a move left do. */
const TAKES_CHILDREN = INCIDENT_STATUSES.filter((status) => TRANSITIONS[status].length > 0)

function NumberLink({ record }: { record: Record<string, any> }) {
  return (
    <Link component={RouterLink} to={`/incidents/${record.id}/show`}>
      {record.number}
    </Link>
  )
}

function ChildTable() {
  const translate = useTranslate()
  const headingId = useId()
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ px: 2, pb: 2 }}>
      <Typography component="h2" variant="h6" id={headingId}>
        {translate('gsn.incidents.major.children')}
      </Typography>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="number" label="resources.incidents.fields.number" render={(r) => <NumberLink record={r} />} />
        <DataTable.Col source="title" label="resources.incidents.fields.title" />
        <EnumCol source="status" name="incident_status" label="resources.incidents.fields.status" />
        <ReferenceCol source="agency_id" reference="agencies" label="resources.incidents.fields.agency_id" />
      </DataTable>
    </Box>
  )
}

/**
 * A major incident's children, each a link to its page; nothing for an incident without any.
 * The list is the incidents list filtered by parent, so the reader's agency scope applies to it
 * as to open_children: another agency's children are neither listed nor counted.
 */
export function ChildIncidents() {
  const record = useRecordContext()
  if (!record || record.parent_id) return null
  return (
    <ReferenceManyField reference="incidents" target="parent_id" perPage={100} sort={{ field: 'number', order: 'ASC' }} empty={null}>
      <ChildTable />
    </ReferenceManyField>
  )
}

/**
 * The incidents that may become this one's parent, searched on the server by number or title as
 * one types. The API keeps nulls out of a filter, so children and the incident itself are left
 * out here; the API refuses them anyway.
 */
function ParentInput({ incidentId }: { incidentId: number | string }) {
  const [search, setSearch] = useState('')
  const { data, isPending } = useGetList('incidents', {
    filter: { q: search || undefined, status: TAKES_CHILDREN },
    pagination: { page: 1, perPage: 25 },
    sort: { field: 'opened_at', order: 'DESC' },
  })
  const choices = (data ?? [])
    .filter((incident) => incident.id !== incidentId && !incident.parent_id)
    .map((incident) => ({ id: incident.id, name: `${incident.number} ${incident.title}` }))
  return (
    <AutocompleteInput
      source="parent_id"
      label="gsn.incidents.major.parent"
      helperText="gsn.incidents.major.parent_help"
      choices={choices}
      translateChoice={false}
      isLoading={isPending}
      setFilter={setSearch}
      filterToQuery={(text: string) => text}
      shouldRenderSuggestions={() => true}
      validate={required()}
      fullWidth
      autoFocus
    />
  )
}

function LinkParentDialog({ label, onClose }: { label: string; onClose: () => void }) {
  const record = useRecordContext()!
  const translate = useTranslate()
  const [initial] = useState({})
  const link = (values: Values) =>
    httpClient(`${API}/incidents/${record.id}/link_parent`, { method: 'POST', body: JSON.stringify({ parent_id: values.parent_id ?? null }) })
  return (
    <IncidentRequestDialog
      title={translate('gsn.incidents.major.title', { action: translate(label), number: record.number })}
      submit={translate('gsn.incidents.major.save')}
      initial={initial}
      request={link}
      done={(values) => (values.parent_id == null ? 'gsn.incidents.major.detached' : 'gsn.incidents.major.linked')}
      onClose={onClose}
      actions={(send, sending) =>
        record.parent_id && (
          <MuiButton onClick={() => send({ parent_id: null })} disabled={sending}>
            {translate('gsn.incidents.major.detach')}
          </MuiButton>
        )
      }
    >
      <ParentInput incidentId={record.id} />
    </IncidentRequestDialog>
  )
}

/**
 * Links the incident to a major incident, changes it or detaches it, beside the workflow's
 * buttons; not offered on an incident that has children of its own, which cannot become a child.
 */
export function LinkParentButton() {
  const record = useRecordContext()
  const mayWork = useCan('incidents', 'update')
  const [open, setOpen] = useState(false)
  const { total, isPending } = useGetManyReference(
    'incidents',
    { target: 'parent_id', id: record?.id, pagination: { page: 1, perPage: 1 }, sort: { field: 'id', order: 'ASC' } },
    { enabled: !!record && mayWork && !record.parent_id }
  )
  if (!record || !mayWork) return null
  if (!record.parent_id && (isPending || (total ?? 0) > 0)) return null
  const label = record.parent_id ? 'gsn.incidents.major.change' : 'gsn.incidents.major.link'
  return (
    <>
      <Button label={label} onClick={() => setOpen(true)} aria-haspopup="dialog">
        <AccountTreeIcon />
      </Button>
      {open && <LinkParentDialog label={label} onClose={() => setOpen(false)} />}
    </>
  )
}

/**
 * The resolve dialog's offer on a major incident with open children (those the reader may see;
 * the dialog's form is its own record, so the incident's count comes as a prop):
 * resolve them too with the same resolution, ticked to begin with, since the children report the
 * outage the parent's resolution ends. The API leaves open the children the person may not work.
 */
export function ResolveChildrenInput({ openChildren }: { openChildren: number }) {
  const translate = useTranslate()
  const { field } = useInput({ source: 'resolve_children', defaultValue: openChildren > 0 })
  if (openChildren === 0) return null
  return (
    <FormControlLabel
      control={<Checkbox checked={field.value === true} onChange={(event) => field.onChange(event.target.checked)} onBlur={field.onBlur} />}
      label={translate('gsn.incidents.major.resolve_children', { smart_count: openChildren })}
    />
  )
}
