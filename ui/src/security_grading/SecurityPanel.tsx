import { useId, useState } from 'react'
import { Link as RouterLink } from 'react-router'
import { Alert, Box, Button, Card, CardContent, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material'
import GavelIcon from '@mui/icons-material/Gavel'
import SendIcon from '@mui/icons-material/Send'
import PrintIcon from '@mui/icons-material/Print'
import { useLocaleState, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin'
import { useCan } from '../common/permissions'
import { refusal } from '../incidents/api'
import { taipeiTime } from '../incidents/format'
import { GradeDialog } from './GradeDialog'
import { LegalClocks } from './LegalClocks'
import { sendAuthorityReport, type LegalClock } from './api'

const SETTLED = new Set(['closed', 'cancelled'])

function SendReportDialog({ onClose }: { onClose: () => void }) {
  const record = useRecordContext()!
  const translate = useTranslate()
  const notify = useNotify()
  const refresh = useRefresh()
  const titleId = useId()
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const send = async () => {
    try {
      await sendAuthorityReport(record.id, note.trim() || null)
      notify('gsn.security.report_sent', { type: 'success' })
      onClose()
      refresh()
    } catch (error) {
      setProblem(refusal(error).message)
    }
  }
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth maxWidth="sm">
      <DialogTitle id={titleId}>{translate('gsn.security.send_title', { number: record.number })}</DialogTitle>
      <DialogContent>
        {problem && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {problem}
          </Alert>
        )}
        <Typography sx={{ mb: 2 }}>{translate('gsn.security.send_explained')}</Typography>
        <TextField label={translate('gsn.security.send_note')} value={note} onChange={(e) => setNote(e.target.value)} multiline minRows={2} fullWidth />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button onClick={send} variant="contained">{translate('gsn.security.send')}</Button>
      </DialogActions>
    </Dialog>
  )
}

/**
 * A security incident's level, its legal clocks and the report to the authority, on the
 * incident page (one line in IncidentShow, beside the other panels). Nothing for service incidents.
 */
export function SecurityPanel() {
  const record = useRecordContext()
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const mayWork = useCan('incidents', 'update')
  const [open, setOpen] = useState<'grade' | 'send' | null>(null)
  const headingId = useId()
  if (!record || record.type !== 'security') return null
  const clocks = (record.legal_clocks ?? []) as LegalClock[]
  const settled = SETTLED.has(record.status)
  const level = record.security_level as number | null
  return (
    <Card variant="outlined" sx={{ m: 2 }} component="section" aria-labelledby={headingId} data-security-panel>
      <CardContent>
        <Typography id={headingId} component="h2" variant="h6" gutterBottom>
          {translate('gsn.security.panel')}
        </Typography>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 2 }}>
          <Typography data-security-level={level ?? ''}>
            {translate('gsn.security.level')}: <strong>{level ? translate(`gsn.security.levels.${level}`) : translate('gsn.security.ungraded')}</strong>
          </Typography>
          {level && (
            <Chip size="small" variant="outlined" label={translate(record.security_level_reviewed ? 'gsn.security.reviewed' : 'gsn.security.proposed')} />
          )}
          <Typography>
            {translate('gsn.security.aware_at')}: {taipeiTime(record.aware_at ?? record.opened_at, locale ?? 'en')}
          </Typography>
          <Typography>
            {translate('gsn.security.sent_at')}: {record.authority_report_sent_at ? taipeiTime(record.authority_report_sent_at, locale ?? 'en') : translate('gsn.security.not_sent')}
          </Typography>
        </Stack>
        <LegalClocks clocks={clocks} />
        <Box sx={{ display: 'flex', gap: 1, mt: 2, flexWrap: 'wrap' }}>
          {mayWork && !settled && (
            <>
              <Button variant="outlined" startIcon={<GavelIcon />} onClick={() => setOpen('grade')}>
                {translate('gsn.security.grade')}
              </Button>
              <Button variant="outlined" startIcon={<SendIcon />} onClick={() => setOpen('send')} disabled={!level}>
                {translate('gsn.security.send')}
              </Button>
            </>
          )}
          <Button startIcon={<PrintIcon />} component={RouterLink} to={`/incidents/${record.id}/authority_report`}>
            {translate('gsn.security.open_report')}
          </Button>
        </Box>
      </CardContent>
      {open === 'grade' && <GradeDialog onClose={() => setOpen(null)} />}
      {open === 'send' && <SendReportDialog onClose={() => setOpen(null)} />}
    </Card>
  )
}
