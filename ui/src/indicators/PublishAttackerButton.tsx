import { useId, useState } from 'react'
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControl, InputLabel, MenuItem, Select, Stack, Typography } from '@mui/material'
import ShareIcon from '@mui/icons-material/Share'
import { useGetList, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin'
import { useQueryClient } from '@tanstack/react-query'
import { useCan } from '../common/permissions'
import { refusal, timelineKey } from '../incidents/api'
import { getJson, useApiQuery } from '../noc/api'
import { publishAttacker } from './api'
import { TLPS, TlpChip, type Tlp } from './TlpChip'

interface Evidence {
  events: Array<{ source: string | null }>
}

/** The source addresses of the incident's evidence, as read by the Evidence panel (the same query, read once). */
function useAttackers(id: number | undefined, security: boolean) {
  const { data } = useApiQuery(['incidents', 'security_events', String(id)], (signal) => getJson<Evidence>(`/incidents/${id}/security_events`, signal), {
    enabled: security && id !== undefined,
  })
  return [...new Set((data?.events ?? []).map((e) => e.source).filter((s): s is string => Boolean(s)))]
}

function PublishDialog({ attackers, onClose }: { attackers: string[]; onClose: () => void }) {
  const record = useRecordContext()!
  const translate = useTranslate()
  const notify = useNotify()
  const refresh = useRefresh()
  const queryClient = useQueryClient()
  const titleId = useId()
  const [value, setValue] = useState(attackers[0])
  const [tlp, setTlp] = useState<Tlp>('amber')
  const [group, setGroup] = useState<number | ''>('')
  const [problem, setProblem] = useState<string | null>(null)
  const { data: groups } = useGetList('sharing_groups', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } })
  const publish = async () => {
    setProblem(null)
    try {
      const done = await publishAttacker(record.id, { value, tlp, sharing_group_id: group === '' ? null : group })
      notify('gsn.indicators.publish_done', { type: 'success', messageArgs: { id: done.indicator.id } })
      await queryClient.invalidateQueries({ queryKey: timelineKey(record.id) })
      refresh()
      onClose()
    } catch (error) {
      setProblem(refusal(error).message)
    }
  }
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth maxWidth="sm">
      <DialogTitle id={titleId}>{translate('gsn.indicators.publish_title', { number: record.number })}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>{translate('gsn.indicators.publish_help')}</Typography>
        {problem && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {problem}
          </Alert>
        )}
        <Stack spacing={2} sx={{ pt: 1 }}>
          <FormControl fullWidth>
            <InputLabel id={`${titleId}-value`}>{translate('gsn.indicators.publish_value')}</InputLabel>
            <Select labelId={`${titleId}-value`} label={translate('gsn.indicators.publish_value')} value={value} onChange={(e) => setValue(e.target.value)}>
              {attackers.map((a) => (
                <MenuItem key={a} value={a}>{a}</MenuItem>
              ))}
            </Select>
          </FormControl>
          <FormControl fullWidth>
            <InputLabel id={`${titleId}-tlp`}>{translate('gsn.indicators.publish_tlp')}</InputLabel>
            <Select labelId={`${titleId}-tlp`} label={translate('gsn.indicators.publish_tlp')} value={tlp} onChange={(e) => setTlp(e.target.value as Tlp)}
              renderValue={(t) => <TlpChip tlp={t} />}>
              {TLPS.map((t) => (
                <MenuItem key={t} value={t}>
                  {translate(`gsn.indicators.tlp.${t}`)} — {translate(`gsn.indicators.tlp_help.${t}`)}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <FormControl fullWidth>
            <InputLabel id={`${titleId}-group`}>{translate('gsn.indicators.publish_group')}</InputLabel>
            <Select labelId={`${titleId}-group`} label={translate('gsn.indicators.publish_group')} value={group}
              onChange={(e) => setGroup(String(e.target.value) === '' ? '' : Number(e.target.value))}>
              <MenuItem value="">{translate('gsn.indicators.no_group')}</MenuItem>
              {(groups ?? []).map((g) => (
                <MenuItem key={g.id} value={g.id}>{g.name}</MenuItem>
              ))}
            </Select>
          </FormControl>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button onClick={publish} variant="contained">{translate('gsn.indicators.publish')}</Button>
      </DialogActions>
    </Dialog>
  )
}

/**
 * On a security incident's page: publish an attacker's address from its evidence as an
 * indicator (POST /api/incidents/:id/publish_attacker). Shown to those who may publish, on
 * incidents whose evidence names a source.
 */
export function PublishAttackerButton() {
  const record = useRecordContext<{ id: number; type: string }>()
  const translate = useTranslate()
  const mayPublish = useCan('indicators', 'create')
  const security = record?.type === 'security'
  const attackers = useAttackers(record?.id, security && mayPublish)
  const [open, setOpen] = useState(false)
  if (!security || !mayPublish || attackers.length === 0) return null
  return (
    <>
      <Button size="small" startIcon={<ShareIcon />} onClick={() => setOpen(true)}>
        {translate('gsn.indicators.publish')}
      </Button>
      {open && <PublishDialog attackers={attackers} onClose={() => setOpen(false)} />}
    </>
  )
}
