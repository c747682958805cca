import { lazy } from 'react'
import GavelIcon from '@mui/icons-material/Gavel'
import { formPages } from '../common/pages'
import { LegalClockPolicyForm } from './LegalClockPolicyForm'

/** The legal clocks' durations, as an admin edits them. The form is the record's page. */
export default {
  list: lazy(() => import('./LegalClockPolicyList')),
  edit: formPages(LegalClockPolicyForm).edit,
  icon: GavelIcon,
  recordRepresentation: (r: { clock: string }) => r.clock,
}
