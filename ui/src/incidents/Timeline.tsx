import { useState } from 'react'
import { Alert, Box, Button, Chip, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material'
import { useQueryClient } from '@tanstack/react-query'
import {
  Form,
  NumberInput,
  TextInput,
  maxValue,
  minValue,
  required,
  useLocaleState,
  useNotify,
  useRecordContext,
  useStore,
  useTranslate,
} from 'react-admin'
import { useCan } from '../common/permissions'
import { addNote, refusal, timelineKey, useTimeline, type TimelineEntry } from './api'
import { taipeiTime } from './format'

type Order = 'newest' | 'oldest'

const EMPTY = {}

function Entry({ entry }: { entry: TimelineEntry }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const who = entry.actor.name || entry.actor.email || translate('gsn.incidents.timeline.system')
  return (
    <Box component="li" sx={{ py: 1.5, borderBottom: 1, borderColor: 'divider' }} data-kind={entry.kind}>
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
        <Chip size="small" label={translate(`gsn.incidents.timeline.kinds.${entry.kind}`)} />
        <Typography variant="body2" component="time" dateTime={entry.at}>
          {taipeiTime(entry.at, locale)}
        </Typography>
        <Typography variant="body2" sx={{ fontWeight: 500 }}>
          {who}
        </Typography>
        {entry.minutes_spent !== null && (
          <Typography variant="body2">{translate('gsn.incidents.timeline.minutes', { smart_count: entry.minutes_spent })}</Typography>
        )}
      </Stack>
      {entry.text && <Typography sx={{ mt: 0.5 }}>{entry.text}</Typography>}
      {entry.body && <Typography sx={{ mt: 0.5, whiteSpace: 'pre-wrap' }}>{entry.body}</Typography>}
    </Box>
  )
}

/** A note, or a work log when minutes are given; the API answers the new timeline. */
function NoteForm({ id }: { id: number | string }) {
  const translate = useTranslate()
  const notify = useNotify()
  const queryClient = useQueryClient()
  const [problem, setProblem] = useState<string | null>(null)
  const [generation, setGeneration] = useState(0)
  const submit = async (values: Record<string, any>) => {
    setProblem(null)
    try {
      const timeline = await addNote(id, { body: values.body, minutes_spent: values.minutes_spent ?? null })
      queryClient.setQueryData(timelineKey(id), timeline)
      notify('gsn.incidents.note.added', { type: 'success' })
      setGeneration((g) => g + 1)
    } catch (error) {
      const { message, fields } = refusal(error)
      setProblem(message)
      return fields
    }
  }
  return (
    <Form key={generation} record={EMPTY} onSubmit={submit} disableInvalidFormNotification>
      <Typography variant="subtitle1" component="h3">
        {translate('gsn.incidents.note.title')}
      </Typography>
      {problem && (
        <Alert severity="error" role="alert" sx={{ my: 1 }}>
          {problem}
        </Alert>
      )}
      <TextInput source="body" label="gsn.incidents.note.body" multiline minRows={2} fullWidth validate={required()} />
      <Stack direction="row" spacing={2} alignItems="flex-start">
        <NumberInput
          source="minutes_spent"
          label="gsn.incidents.note.minutes"
          step={1}
          validate={[minValue(1), maxValue(24 * 60)]}
          sx={{ width: 280 }}
        />
        <Button type="submit" variant="contained" sx={{ mt: 1, whiteSpace: 'nowrap' }}>
          {translate('gsn.incidents.note.submit')}
        </Button>
      </Stack>
    </Form>
  )
}

/**
 * The incident's timeline, newest first by default, as TheHive's and ServiceNow's activity
 * streams show it: the person opening an incident wants what happened last, and the note form
 * sits on top next to it. GLPI users who read it as a conversation can switch to oldest first;
 * the choice is kept in this browser.
 */
export function IncidentTimeline() {
  const record = useRecordContext()
  const translate = useTranslate()
  const mayWrite = useCan('incidents', 'update')
  const [order, setOrder] = useStore<Order>('incidents.timeline.order', 'newest')
  const { data, error } = useTimeline(record?.id)
  if (!record) return null
  const entries = order === 'newest' ? [...(data ?? [])].reverse() : (data ?? [])
  const headingId = `timeline-${record.id}`
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ p: 2, borderTop: 1, borderColor: 'divider' }}>
        <Stack direction="row" justifyContent="space-between" alignItems="center" flexWrap="wrap" useFlexGap spacing={1}>
          <Typography variant="h6" component="h2" id={headingId}>
            {translate('gsn.incidents.timeline.title')}
          </Typography>
          <ToggleButtonGroup
            size="small"
            exclusive
            value={order}
            onChange={(_, value: Order | null) => value && setOrder(value)}
            aria-label={translate('gsn.incidents.timeline.order')}
          >
            <ToggleButton value="newest">{translate('gsn.incidents.timeline.newest_first')}</ToggleButton>
            <ToggleButton value="oldest">{translate('gsn.incidents.timeline.oldest_first')}</ToggleButton>
          </ToggleButtonGroup>
        </Stack>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {translate('gsn.incidents.timeline.taipei')}
        </Typography>
        {mayWrite && <NoteForm id={record.id} />}
        {error ? (
          <Alert severity="error">{translate('gsn.incidents.timeline.unavailable', { message: (error as Error).message })}</Alert>
        ) : data && !data.length ? (
          <Typography>{translate('gsn.incidents.timeline.empty')}</Typography>
        ) : (
          <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }} aria-labelledby={headingId}>
            {entries.map((entry) => (
              <Entry key={entry.id} entry={entry} />
            ))}
          </Box>
        )}
    </Box>
  )
}
