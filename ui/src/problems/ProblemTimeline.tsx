import { useEffect, useState } from 'react'
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin'
import { Box, List, ListItem, ListItemText, Typography } from '@mui/material'
import { formatDateTime } from '../common/taipei_time'
import { API, httpClient } from '../common/http'

interface Entry {
  id: number
  at: string
  actor: { email: string | null; name: string | null }
  text: string
  body: string | null
}

/** The problem's timeline, worded by the API in the reader's language; read again whenever the problem changes. */
export function ProblemTimeline() {
  const record = useRecordContext()
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [entries, setEntries] = useState<Entry[]>([])
  useEffect(() => {
    if (!record) return
    httpClient(`${API}/problems/${record.id}/timeline`).then(({ json }) => setEntries(json), () => setEntries([]))
  }, [record?.id, record?.updated_at, locale])
  if (!record) return null
  const when = (iso: string) => formatDateTime(iso, locale, { seconds: true })
  return (
    <Box sx={{ mt: 2 }}>
      <Typography component="h2" variant="h6">{translate('gsn.problems.timeline')}</Typography>
      <List dense>
        {entries.map((e) => (
          <ListItem key={e.id} disableGutters>
            <ListItemText
              primary={e.body ? `${e.text}: ${e.body}` : e.text}
              secondary={`${when(e.at)} · ${e.actor.name ?? e.actor.email ?? ''}`}
              slotProps={{ secondary: { sx: { color: 'text.secondary' } } }}
            />
          </ListItem>
        ))}
      </List>
    </Box>
  )
}
