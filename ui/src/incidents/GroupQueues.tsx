import { useCallback, useMemo } from 'react'
import { useNavigate, useParams } from 'react-router'
import { MenuItem, ListSubheader, TextField, Typography } from '@mui/material'
import { useQueryClient } from '@tanstack/react-query'
import {
  DataTable,
  List,
  Loading,
  Title,
  useGetIdentity,
  useGetList,
  useLocaleState,
  useTranslate,
  type RaRecord,
} from 'react-admin'
import { EnumCol, ReferenceCol } from '../common/columns'
import { useLiveEvents, useThrottled } from '../noc/useLiveEvents'
import { Age } from './IncidentList'
import { SlaBar } from './Sla'

interface Group extends RaRecord {
  code: string
  name: string
  name_en: string | null
  member_ids: number[]
  open_incidents: number
}

/** The group's name in the reader's language (the English one is optional). */
const groupName = (group: Group, locale: string) => (locale === 'en' && group.name_en ? group.name_en : group.name)

/**
 * The groups the reader belongs to first, then the others they may read (the NOC reads every
 * queue); opened without a group, the page shows the first of their own.
 */
function useGroups() {
  const { identity } = useGetIdentity()
  const { data, isPending, error } = useGetList<Group>('assignment_groups', {
    pagination: { page: 1, perPage: 500 },
    sort: { field: 'code', order: 'ASC' },
  })
  return useMemo(() => {
    const all = data ?? []
    const mine = identity ? all.filter((g) => g.member_ids?.map(String).includes(String(identity.id))) : []
    const others = all.filter((g) => !mine.includes(g))
    return { mine, others, isPending: isPending || !identity, error }
  }, [data, identity, isPending, error])
}

function GroupPicker({ groups, value }: { groups: ReturnType<typeof useGroups>; value: string }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const navigate = useNavigate()
  const option = (g: Group) => (
    <MenuItem key={g.id} value={String(g.id)}>
      {translate('gsn.incidents.queues.option', { name: groupName(g, locale), smart_count: g.open_incidents })}
    </MenuItem>
  )
  return (
    <TextField
      select
      size="small"
      label={translate('gsn.incidents.queues.group')}
      value={value}
      onChange={(e) => navigate(`/group_queues/${e.target.value}`)}
      sx={{ minWidth: 320, mb: 2 }}
    >
      {groups.mine.length > 0 && <ListSubheader>{translate('gsn.incidents.queues.mine')}</ListSubheader>}
      {groups.mine.map(option)}
      {groups.mine.length > 0 && groups.others.length > 0 && <ListSubheader>{translate('gsn.incidents.queues.others')}</ListSubheader>}
      {groups.others.map(option)}
    </TextField>
  )
}

/** Reads the queue again when an incident event arrives (once a second at most) or the stream returns. */
function useQueueLive() {
  const queryClient = useQueryClient()
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: ['incidents', 'getList'] }), [queryClient])
  const throttled = useThrottled(refresh, 1000)
  useLiveEvents((event) => {
    if (event.type.startsWith('incident.')) throttled()
  }, refresh)
}

function Queue({ group }: { group: Group }) {
  useQueueLive()
  return (
    <List
      resource="incidents"
      title={false}
      queryOptions={{ meta: { queue: group.id } }}
      sort={{ field: 'sla_due_at', order: 'ASC' }}
      perPage={25}
      actions={false}
      disableSyncWithLocation
      storeKey={false}
      empty={<EmptyQueue />}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="number" />
        <DataTable.Col source="title" disableSort />
        <EnumCol source="priority" name="incident_priority" />
        <EnumCol source="status" name="incident_status" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.Col source="assignee_name" disableSort />
        <DataTable.Col source="opened_at" label="resources.incidents.fields.age">
          <Age />
        </DataTable.Col>
        <DataTable.Col source="sla_due_at" label="resources.incidents.fields.sla">
          <SlaBar />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}

function EmptyQueue() {
  const translate = useTranslate()
  return <Typography sx={{ p: 2 }}>{translate('gsn.incidents.queues.empty')}</Typography>
}

/** A queue per assignment group: its open incidents, nearest SLA breach first. */
export default function GroupQueues() {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const { groupId } = useParams()
  const groups = useGroups()
  if (groups.isPending) return <Loading />
  const all = [...groups.mine, ...groups.others]
  const group = all.find((g) => String(g.id) === groupId) ?? (groupId ? undefined : all[0])
  return (
    <>
      <Title title={group ? translate('gsn.incidents.queues.title_of', { name: groupName(group, locale) }) : 'gsn.incidents.queues.title'} />
      <Typography variant="h5" component="h1" sx={{ mt: 2, mb: 2 }}>
        {translate('gsn.incidents.queues.title')}
      </Typography>
      {all.length === 0 ? (
        <Typography>{translate('gsn.incidents.queues.no_groups')}</Typography>
      ) : (
        <>
          <GroupPicker groups={groups} value={group ? String(group.id) : ''} />
          {group ? <Queue key={group.id} group={group} /> : <Typography>{translate('gsn.incidents.queues.not_found')}</Typography>}
        </>
      )}
    </>
  )
}
