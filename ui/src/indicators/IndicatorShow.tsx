import { Box, Link, Typography } from '@mui/material'
import { Link as RouterLink } from 'react-router'
import { useState } from 'react'
import ManageSearchIcon from '@mui/icons-material/ManageSearch'
import {
  Button, DataTable, EditButton, Labeled, NumberField, ReferenceField, ReferenceManyField, Show, SimpleShowLayout, TextField, TopToolbar,
  useNotify, useRecordContext, useRefresh, useTranslate,
} from 'react-admin'
import { refusal } from '../incidents/api'
import { retroHunt } from './api'
import { TimeField } from '../common/dates'
import { useCan } from '../common/permissions'
import { SourceField, TypeField } from './IndicatorList'
import { TlpField } from './TlpChip'

const ADDRESS_TYPES = new Set(['ipv4', 'ipv6', 'ipv4_prefix', 'ipv6_prefix'])

/** Matches an address or prefix against the last week's stored flows; each flow found becomes a sighting. */
function RetroHuntButton() {
  const record = useRecordContext<{ id: number; type: string }>()
  const notify = useNotify()
  const refresh = useRefresh()
  const [busy, setBusy] = useState(false)
  if (!record || !ADDRESS_TYPES.has(record.type)) return null
  const hunt = async () => {
    setBusy(true)
    try {
      const found = await retroHunt(record.id, 7)
      notify('gsn.indicators.retro_hunt_done', { type: 'info', messageArgs: found })
      refresh()
    } catch (error) {
      notify(refusal(error).message, { type: 'error' })
    } finally {
      setBusy(false)
    }
  }
  return <Button label="gsn.indicators.retro_hunt" onClick={hunt} disabled={busy}><ManageSearchIcon /></Button>
}

function Actions() {
  const mayEdit = useCan('indicators', 'update')
  return (
    <TopToolbar>
      {mayEdit && <RetroHuntButton />}
      {mayEdit && <EditButton />}
    </TopToolbar>
  )
}

function GroupField() {
  const record = useRecordContext<{ sharing_group_id: number | null }>()
  const translate = useTranslate()
  if (!record) return null
  if (record.sharing_group_id === null) return <span>{translate('gsn.indicators.no_group')}</span>
  return <ReferenceField source="sharing_group_id" reference="sharing_groups" link="show" />
}

function SightingSource() {
  const record = useRecordContext<{ source: string }>()
  const translate = useTranslate()
  return record ? <span>{translate(`gsn.indicators.sighting_source.${record.source}`)}</span> : null
}

/** Where it was seen: the incident's page, and the events filed under it. */
function IncidentLink() {
  const record = useRecordContext<{ incident_id: number | null }>()
  if (!record?.incident_id) return <span>—</span>
  return (
    <Link component={RouterLink} to={`/incidents/${record.incident_id}/show`}>
      #{record.incident_id}
    </Link>
  )
}

function EventLink() {
  const record = useRecordContext<{ security_event_id: number | null; incident_id: number | null }>()
  const translate = useTranslate()
  if (!record?.security_event_id) return <span>—</span>
  const filter = JSON.stringify(record.incident_id ? { incident_id: record.incident_id } : {})
  return (
    <Link component={RouterLink} to={`/security_events?${new URLSearchParams({ filter })}`}>
      {translate('gsn.indicators.event_link', { id: record.security_event_id })}
    </Link>
  )
}

function Sightings() {
  const translate = useTranslate()
  return (
    <section aria-labelledby="indicator-sightings">
      <Typography id="indicator-sightings" component="h2" variant="h6" sx={{ mt: 2 }}>
        {translate('gsn.indicators.sightings')}
      </Typography>
      <ReferenceManyField reference="indicator_sightings" target="indicator_id" sort={{ field: 'seen_at', order: 'DESC' }} perPage={25}
        empty={<Typography variant="body2">{translate('gsn.indicators.no_sightings')}</Typography>}>
        <DataTable bulkActionButtons={false} rowClick={false}>
          <DataTable.Col source="seen_at">
            <TimeField source="seen_at" />
          </DataTable.Col>
          <DataTable.Col source="source">
            <SightingSource />
          </DataTable.Col>
          <DataTable.Col source="agency_id">
            <ReferenceField source="agency_id" reference="agencies" link="show" emptyText="—" />
          </DataTable.Col>
          <DataTable.Col source="count">
            <NumberField source="count" />
          </DataTable.Col>
          <DataTable.Col source="src_addr">
            <TextField source="src_addr" emptyText="—" />
          </DataTable.Col>
          <DataTable.Col source="dst_addr">
            <TextField source="dst_addr" emptyText="—" />
          </DataTable.Col>
          <DataTable.Col source="incident_id">
            <IncidentLink />
          </DataTable.Col>
          <DataTable.Col source="security_event_id">
            <EventLink />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </section>
  )
}

export default function IndicatorShow() {
  return (
    <Show actions={<Actions />}>
      <SimpleShowLayout>
        <TextField source="value" sx={{ wordBreak: 'break-all' }} />
        <Labeled label="resources.indicators.fields.type">
          <TypeField />
        </Labeled>
        <Labeled label="resources.indicators.fields.tlp">
          <TlpField />
        </Labeled>
        <Labeled label="resources.indicators.fields.source_agency_id">
          <SourceField />
        </Labeled>
        <Labeled label="resources.indicators.fields.sharing_group_id">
          <GroupField />
        </Labeled>
        <NumberField source="confidence" />
        <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <TimeField source="first_seen_at" emptyText="—" />
        <TimeField source="last_seen_at" emptyText="—" />
        <TimeField source="expires_at" emptyText="—" />
        <TextField source="stix_id" />
      </SimpleShowLayout>
      <Box sx={{ px: 2, pb: 2 }}>
        <Sightings />
      </Box>
    </Show>
  )
}
