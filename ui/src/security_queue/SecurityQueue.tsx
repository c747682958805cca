import { useState } from 'react'
import { Box, Tab, Tabs, Typography } from '@mui/material'
import WarningIcon from '@mui/icons-material/Warning'
import AlarmIcon from '@mui/icons-material/Alarm'
import { DataTable, List, SearchInput, Title, useGetIdentity, useLocaleState, useRecordContext, useTranslate } from 'react-admin'
import { EnumCol, ReferenceCol } from '../common/columns'
import { OPEN_STATUSES } from '../incidents/MyQueueMenuItem'
import { taipeiTime } from '../incidents/format'
import { formatAgo, useNow } from '../noc/format'
import type { LegalClock } from '../security_grading/api'

const TABS = ['new', 'mine', 'open'] as const
type QueueTab = (typeof TABS)[number]

/** The clock whose deadline is nearest: the one `legal_due_at` (which the list sorts by) names. */
export function nextClock(clocks: LegalClock[] | null | undefined): LegalClock | null {
  let next: LegalClock | null = null
  for (const c of clocks ?? []) {
    if (c.met_at || !c.due_at || c.state === 'stopped' || c.state === 'pending') continue
    if (!next || c.due_at < next.due_at!) next = c
  }
  return next
}

/** The nearest deadline in words: which clock, when (Taipei), how long left or since; a breach says so in words and icon. */
function NextDeadline() {
  const record = useRecordContext<{ legal_clocks: LegalClock[] | null }>()
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const now = useNow(30_000)
  const clock = nextClock(record?.legal_clocks)
  if (!clock) return <span>{translate('gsn.security_queue.none')}</span>
  const words = {
    clock: translate(`enums.legal_clock.${clock.clock}`),
    at: taipeiTime(clock.due_at!, locale ?? 'en'),
    relative: formatAgo(clock.due_at, locale ?? 'en', now),
  }
  const breached = clock.state === 'breached'
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, fontWeight: breached ? 700 : 400 }}
      data-next-clock={clock.clock} data-next-state={clock.state}>
      {breached || clock.state === 'warning' ? <WarningIcon fontSize="small" aria-hidden /> : <AlarmIcon fontSize="small" aria-hidden />}
      {translate(breached ? 'gsn.security_queue.breached' : 'gsn.security_queue.due', words)}
    </Box>
  )
}

// A level nobody has reviewed (presumed from the event, or a liaison's proposal) says so: the
// analyst's work is to confirm or change it.
function Level() {
  const record = useRecordContext<{ security_level: number | null; security_level_reviewed?: boolean }>()
  const translate = useTranslate()
  if (!record) return null
  if (!record.security_level) return <span>{translate('gsn.security_queue.ungraded')}</span>
  const level = translate(`gsn.security.levels.${record.security_level}`)
  return <span>{record.security_level_reviewed ? level : translate('gsn.security_queue.proposed', { level })}</span>
}

function QueueList({ tab, me }: { tab: QueueTab; me: number | string | undefined }) {
  const translate = useTranslate()
  const filter: Record<string, unknown> =
    tab === 'new' ? { type: 'security', status: 'new' } : tab === 'mine' ? { type: 'security', status: OPEN_STATUSES, assignee_id: me } : { type: 'security', status: OPEN_STATUSES }
  return (
    <List
      resource="incidents"
      filter={filter}
      sort={{ field: 'legal_due_at', order: 'ASC' }}
      perPage={25}
      actions={false}
      disableSyncWithLocation
      filters={[<SearchInput key="q" source="q" alwaysOn />]}
      storeKey={`security_queue.${tab}`}
      title={false}
      empty={<Typography sx={{ p: 2 }}>{translate('gsn.security_queue.empty')}</Typography>}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="legal_due_at" label="gsn.security_queue.next_deadline">
          <NextDeadline />
        </DataTable.Col>
        <DataTable.Col source="number" />
        <DataTable.Col source="title" disableSort />
        <DataTable.Col source="security_level" label="gsn.security_queue.level" disableSort>
          <Level />
        </DataTable.Col>
        <ReferenceCol source="agency_id" reference="agencies" />
        <EnumCol source="status" name="incident_status" />
        <DataTable.Col source="assignee_name" disableSort />
      </DataTable>
    </List>
  )
}

/**
 * The analyst's queue (#/security_queue): security incidents that are new, assigned to me, or all
 * open, each ordered by the legal clock nearest its breach (the API's `legal_due_at`, breached
 * ones first, those with no clock running last), with the time left or since in words.
 */
export default function SecurityQueue() {
  const translate = useTranslate()
  const { identity } = useGetIdentity()
  const [tab, setTab] = useState<QueueTab>('new')
  return (
    <Box sx={{ mt: 1 }}>
      <Title title={translate('gsn.security_queue.title')} />
      <Typography component="h1" variant="h5" sx={{ mb: 1 }}>
        {translate('gsn.security_queue.title')}
      </Typography>
      <Tabs value={tab} onChange={(_, v) => setTab(v)} aria-label={translate('gsn.security_queue.tabs')}>
        {TABS.map((t) => (
          <Tab key={t} value={t} label={translate(`gsn.security_queue.tab.${t}`)} id={`security-queue-tab-${t}`} aria-controls="security-queue-panel" />
        ))}
      </Tabs>
      <div role="tabpanel" id="security-queue-panel" aria-labelledby={`security-queue-tab-${tab}`}>
        {(tab !== 'mine' || identity) && <QueueList key={tab} tab={tab} me={identity?.id} />}
      </div>
    </Box>
  )
}
