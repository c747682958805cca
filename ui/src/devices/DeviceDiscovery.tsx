import { useMemo, useState } from 'react'
import {
  Alert,
  Autocomplete,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Link,
  Radio,
  RadioGroup,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material'
import TravelExploreIcon from '@mui/icons-material/TravelExplore'
import { useQueryClient } from '@tanstack/react-query'
import { useLocaleState, useNotify, useTranslate } from 'react-admin'
import { Link as RouterLink } from 'react-router'
import { API, httpClient } from '../common/http'
import { useCan } from '../common/permissions'
import { getJson, getPage, useApiQuery } from '../noc/api'
import { formatBps, formatTime } from '../noc/format'
import { Panel } from '../noc/parts'

/** GET /api/devices/:id/discovery, as app/devices/discovery.ts answers it. */
interface LinkBrief {
  id: number
  circuit_id: string
  name: string
  status?: string
}

interface Suggestion extends LinkBrief {
  /** Which of the interface's names held the circuit id: alias, descr or name. */
  matched_in: string
  /** Where the suggested link is bound now, if anywhere. */
  bound_to: { device_id: number; if_index: number } | null
}

export interface DiscoveredInterface {
  if_index: number
  name: string | null
  descr: string | null
  alias: string | null
  speed_bps: number | null
  oper_status: string | null
  admin_status: string | null
  bound_link: LinkBrief | null
  other_bound_links: LinkBrief[]
  suggested_links: Suggestion[]
}

interface Discovery {
  polled_at: string
  interfaces: DiscoveredInterface[]
  orphaned_links: Array<LinkBrief & { if_index: number }>
}

/** POST {bindings:[{link_id, if_index}]}: if_index null unbinds the link from this device. */
async function bind(deviceId: number, linkId: number, ifIndex: number | null) {
  await httpClient(`${API}/devices/${deviceId}/discovery`, {
    method: 'POST',
    body: JSON.stringify({ bindings: [{ link_id: linkId, if_index: ifIndex }] }),
  })
}

function LinkName({ link }: { link: LinkBrief }) {
  return (
    <Link component={RouterLink} to={`/links/${link.id}/show`} title={link.name}>
      {link.circuit_id}
    </Link>
  )
}

function BindDialog({
  deviceId,
  iface,
  onClose,
  onBound,
}: {
  deviceId: number
  iface: DiscoveredInterface
  onClose: () => void
  onBound: () => void
}) {
  const translate = useTranslate()
  const notify = useNotify()
  const [choice, setChoice] = useState<string>(iface.suggested_links[0] ? String(iface.suggested_links[0].id) : 'other')
  const [other, setOther] = useState<LinkBrief | null>(null)
  const [input, setInput] = useState('')
  const [saving, setSaving] = useState(false)
  const search = useApiQuery(
    ['noc', 'link-search', input],
    (signal) => getPage<LinkBrief>('/links', { filter: { q: input }, range: [0, 19] }, signal).then((p) => p.rows),
    { enabled: input.trim().length > 1 }
  )
  const linkId = choice === 'other' ? other?.id : Number(choice) || undefined
  const save = async () => {
    if (!linkId) return
    setSaving(true)
    try {
      await bind(deviceId, linkId, iface.if_index)
      notify('gsn.discovery.bound', { type: 'success', messageArgs: { if_index: iface.if_index } })
      onBound()
    } catch (error) {
      notify((error as Error).message, { type: 'error' })
    } finally {
      setSaving(false)
    }
  }
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('gsn.discovery.bind_title', { if_index: iface.if_index, name: iface.name ?? '' })}</DialogTitle>
      <DialogContent>
        <RadioGroup value={choice} onChange={(e) => setChoice(e.target.value)}>
          {iface.suggested_links.map((l) => (
            <FormControlLabel
              key={l.id}
              value={String(l.id)}
              control={<Radio />}
              label={
                <span>
                  {l.circuit_id} {l.name}{' '}
                  <Typography component="span" variant="caption" color="text.secondary">
                    {translate('gsn.discovery.matched_in', { field: l.matched_in })}
                    {l.bound_to && ` · ${translate('gsn.discovery.bound_elsewhere', { device: l.bound_to.device_id, if_index: l.bound_to.if_index })}`}
                  </Typography>
                </span>
              }
            />
          ))}
          <FormControlLabel value="other" control={<Radio />} label={translate('gsn.discovery.other_link')} />
        </RadioGroup>
        {choice === 'other' && (
          <Autocomplete<LinkBrief>
            options={search.data ?? []}
            value={other}
            filterOptions={(x) => x}
            getOptionLabel={(l) => `${l.circuit_id} ${l.name}`}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            onInputChange={(_, v) => setInput(v)}
            onChange={(_, v) => setOther(v)}
            loading={search.isFetching}
            renderInput={(props) => <TextField {...props} label={translate('resources.links.name', { smart_count: 1 })} autoFocus />}
            sx={{ mt: 1 }}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" disabled={!linkId || saving} onClick={save}>
          {translate('gsn.discovery.bind')}
        </Button>
      </DialogActions>
    </Dialog>
  )
}

/**
 * Discovery asks a collector to walk the device's interface table (seconds, and a full table read
 * for the device, so only on demand and only for those who may change devices) and offers to
 * bind each interface to the link whose circuit id its alias or description carries.
 */
export function DeviceDiscovery({ deviceId }: { deviceId: number }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const notify = useNotify()
  const canWalk = useCan('devices', 'update')
  const canBind = useCan('links', 'update') && canWalk
  const queryClient = useQueryClient()
  const [started, setStarted] = useState(false)
  const [binding, setBinding] = useState<DiscoveredInterface | null>(null)
  const walk = useApiQuery(
    ['noc', 'device', deviceId, 'discovery'],
    (signal) => getJson<Discovery>(`/devices/${deviceId}/discovery`, signal),
    { enabled: started && canWalk, keepPrevious: false, onDemand: true }
  )
  const interfaces = useMemo(() => [...(walk.data?.interfaces ?? [])].sort((a, b) => a.if_index - b.if_index), [walk.data])
  if (!canWalk) return null

  const rewalk = () => queryClient.invalidateQueries({ queryKey: ['noc', 'device', deviceId] })
  const unbind = async (link: LinkBrief) => {
    try {
      await bind(deviceId, link.id, null)
      notify('gsn.discovery.unbound', { type: 'success', messageArgs: { circuit: link.circuit_id } })
      rewalk()
    } catch (error) {
      notify((error as Error).message, { type: 'error' })
    }
  }
  const status = (walk.error as any)?.status
  return (
    <Panel
      title={translate('gsn.discovery.title')}
      testId="device-discovery"
      action={
        <Button startIcon={<TravelExploreIcon />} disabled={walk.isFetching} onClick={() => (started ? walk.refetch() : setStarted(true))}>
          {translate(walk.isFetching ? 'gsn.discovery.walking' : started ? 'gsn.discovery.walk_again' : 'gsn.discovery.walk')}
        </Button>
      }
    >
      {!started && <Typography color="text.secondary">{translate('gsn.discovery.help')}</Typography>}
      {walk.error && (
        <Alert severity={status === 404 || status === 503 ? 'info' : 'error'}>
          {status === 503
            ? translate('gsn.discovery.no_collector', { message: (walk.error as Error).message })
            : translate('gsn.discovery.failed', { message: (walk.error as Error).message })}
        </Alert>
      )}
      {walk.data && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('gsn.discovery.walked_at', { time: formatTime(walk.data.polled_at, locale), count: interfaces.length })}
        </Typography>
      )}
      {walk.data && interfaces.length === 0 && <Typography color="text.secondary">{translate('gsn.discovery.none')}</Typography>}
      {interfaces.length > 0 && (
        <Table size="small" data-testid="discovered-interfaces">
          <TableHead>
            <TableRow>
              <TableCell>ifIndex</TableCell>
              <TableCell>{translate('gsn.discovery.name')}</TableCell>
              <TableCell>{translate('gsn.discovery.alias')}</TableCell>
              <TableCell>{translate('gsn.link_page.speed')}</TableCell>
              <TableCell>{translate('gsn.link_page.interface')}</TableCell>
              <TableCell>{translate('gsn.discovery.bound_link')}</TableCell>
              <TableCell>{translate('gsn.discovery.suggested')}</TableCell>
              {canBind && <TableCell />}
            </TableRow>
          </TableHead>
          <TableBody>
            {interfaces.map((i) => (
              <TableRow key={i.if_index} data-if-index={i.if_index}>
                <TableCell>{i.if_index}</TableCell>
                <TableCell>
                  <Tooltip describeChild title={i.descr ?? ''}>
                    <span>{i.name ?? i.descr ?? '—'}</span>
                  </Tooltip>
                </TableCell>
                <TableCell>{i.alias || '—'}</TableCell>
                <TableCell>{formatBps(i.speed_bps)}</TableCell>
                <TableCell>
                  {i.oper_status ?? '—'} / {i.admin_status ?? '—'}
                </TableCell>
                <TableCell>
                  <Stack spacing={0.5}>
                    {i.bound_link ? <LinkName link={i.bound_link} /> : '—'}
                    {i.other_bound_links.map((l) => (
                      <Tooltip key={l.id} describeChild title={translate('gsn.discovery.shared_port')}>
                        <span>
                          <LinkName link={l} /> ⚠
                        </span>
                      </Tooltip>
                    ))}
                  </Stack>
                </TableCell>
                <TableCell>
                  <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
                    {i.suggested_links.map((l) => (
                      <Chip key={l.id} size="small" variant="outlined" label={l.circuit_id} title={l.name} />
                    ))}
                  </Stack>
                </TableCell>
                {canBind && (
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Button size="small" onClick={() => setBinding(i)}>
                      {translate(i.bound_link ? 'gsn.discovery.rebind' : 'gsn.discovery.bind')}
                    </Button>
                    {i.bound_link && (
                      <Button size="small" color="warning" onClick={() => unbind(i.bound_link!)}>
                        {translate('gsn.discovery.unbind')}
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {(walk.data?.orphaned_links.length ?? 0) > 0 && (
        <Alert severity="warning" sx={{ mt: 2 }} data-testid="orphaned-links">
          {translate('gsn.discovery.orphaned')}{' '}
          {walk.data!.orphaned_links.map((l) => (
            <span key={l.id}>
              <LinkName link={l} /> (ifIndex {l.if_index}){' '}
              {canBind && (
                <Button size="small" onClick={() => unbind(l)}>
                  {translate('gsn.discovery.unbind')}
                </Button>
              )}
            </span>
          ))}
        </Alert>
      )}
      {binding && (
        <BindDialog
          deviceId={deviceId}
          iface={binding}
          onClose={() => setBinding(null)}
          onBound={() => {
            setBinding(null)
            rewalk()
          }}
        />
      )}
    </Panel>
  )
}
