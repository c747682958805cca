import { useRecordContext, useTranslate } from 'react-admin'
import { Card, CardContent, Typography } from '@mui/material'
import { Link } from 'react-router'
import { useChangeApi } from './api'

type Row = { id: number; code?: string; circuit_id?: string; hostname?: string; name?: string }
interface Impact {
  links: Row[]
  lines_behind: Row[]
  devices: Row[]
  agencies: Row[]
  information_systems: Row[]
  counts: Record<string, number>
}

const GROUPS: Array<[keyof Omit<Impact, 'counts'>, string]> = [
  ['links', 'links'],
  ['lines_behind', 'links'],
  ['devices', 'devices'],
  ['agencies', 'agencies'],
  ['information_systems', 'information_systems'],
]
const SHOWN = 20

/**
 * What a change or an incident reaches, read from the inventory: links, the lines behind an
 * uplink, agencies, systems. Both answer the same impact, within the reader's scope.
 */
export function ImpactPanel({ of = 'changes' }: { of?: 'changes' | 'incidents' }) {
  const record = useRecordContext()
  const translate = useTranslate()
  const { data } = useChangeApi<Impact>(record ? `/${of}/${record.id}/impact` : null)
  if (!data) return null
  return (
    <Card variant="outlined" component="section" aria-labelledby="impact-title">
      <CardContent>
        <Typography id="impact-title" variant="h6" component="h2">{translate('gsn.changes.impact')}</Typography>
        {GROUPS.map(([group, resource]) => (
          <Typography key={group} variant="body2" component="div" sx={{ mt: 1 }}>
            <strong>{translate(`gsn.changes.impact_${group}`, { smart_count: data.counts[group] })}</strong>{' '}
            {data[group].slice(0, SHOWN).map((row, i) => (
              <span key={row.id}>
                {i > 0 && ', '}
                <Link to={`/${resource}/${row.id}/show`}>{row.circuit_id ?? row.code ?? row.hostname ?? row.name}</Link>
              </span>
            ))}
            {data[group].length > SHOWN && ` … (+${data[group].length - SHOWN})`}
          </Typography>
        ))}
      </CardContent>
    </Card>
  )
}
