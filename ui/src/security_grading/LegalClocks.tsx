import { Chip, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material'
import CheckIcon from '@mui/icons-material/Check'
import AlarmIcon from '@mui/icons-material/Alarm'
import WarningIcon from '@mui/icons-material/Warning'
import HourglassEmptyIcon from '@mui/icons-material/HourglassEmpty'
import BlockIcon from '@mui/icons-material/Block'
import { useLocaleState, useTranslate } from 'react-admin'
import { taipeiTime } from '../incidents/format'
import type { LegalClock } from './api'

const ICONS = {
  pending: <HourglassEmptyIcon />, running: <AlarmIcon />, warning: <WarningIcon />, met: <CheckIcon />, breached: <WarningIcon />, stopped: <BlockIcon />,
}
// Material's amber fails 4.5:1 with text, so a warning reads by its words and icon; a breach is the theme's red.
const COLOURS = { pending: 'default', running: 'default', warning: 'default', met: 'success', breached: 'error', stopped: 'default' } as const

/**
 * The legal clocks of a security incident: each one's deadline in Taipei time and its state in
 * words, colour and icon (colour is never the only sign). Calendar time: on hold does not pause them.
 */
export function LegalClocks({ clocks }: { clocks: LegalClock[] }) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const when = (iso: string | null) => (iso ? taipeiTime(iso, locale ?? 'en') : '—')
  return (
    <Table size="small" aria-label={translate('gsn.security.clocks')}>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">{translate('gsn.security.clock')}</TableCell>
          <TableCell component="th" scope="col">{translate('gsn.security.due')}</TableCell>
          <TableCell component="th" scope="col">{translate('gsn.security.state')}</TableCell>
          <TableCell component="th" scope="col">{translate('gsn.security.met_at')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {clocks.map((c) => (
          <TableRow key={c.clock} data-legal-clock={c.clock} data-legal-state={c.state}>
            <TableCell component="th" scope="row">{translate(`enums.legal_clock.${c.clock}`)}</TableCell>
            <TableCell>{when(c.due_at)}</TableCell>
            <TableCell>
              <Chip
                size="small"
                icon={ICONS[c.state]}
                color={COLOURS[c.state]}
                variant={c.state === 'breached' ? 'filled' : 'outlined'}
                label={translate(`enums.legal_clock_state.${c.state}`)}
              />
            </TableCell>
            <TableCell>{when(c.met_at)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
