import { useLocaleState, useRecordContext, useTranslate } from 'react-admin'
import { Card, CardContent, List, ListItem, ListItemText, Typography } from '@mui/material'
import { useChangeApi } from './api'
import { formatDateTime } from '../common/taipei_time'

interface Entry {
  id: number
  at: string
  kind: string
  actor: { email: string | null; name: string | null }
  text: string | null
  body: string | null
}

/** A time in Taipei, in the reader's convention. */
export function TimeText({ value }: { value: string }) {
  const [locale] = useLocaleState()
  return <>{formatDateTime(value, locale, { seconds: true })}</>
}

export function ChangeTimeline() {
  const record = useRecordContext()
  const translate = useTranslate()
  const { data } = useChangeApi<Entry[]>(record ? `/changes/${record.id}/timeline` : null)
  return (
    <Card variant="outlined" component="section" aria-labelledby="timeline-title">
      <CardContent>
        <Typography id="timeline-title" variant="h6" component="h2">{translate('gsn.changes.timeline')}</Typography>
        <List dense>
          {(data ?? []).map((e) => (
            <ListItem key={e.id} divider>
              <ListItemText
                primary={[e.text, e.body].filter(Boolean).join(' — ')}
                secondary={<><TimeText value={e.at} /> · {e.actor.name ?? e.actor.email ?? '—'}</>}
              />
            </ListItem>
          ))}
        </List>
      </CardContent>
    </Card>
  )
}
