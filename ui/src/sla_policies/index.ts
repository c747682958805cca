import { lazy } from 'react'
import TimerIcon from '@mui/icons-material/Timer'
import { formPages } from '../common/pages'
import { SlaPolicyForm } from './SlaPolicyForm'

/** Time to respond and to resolve per incident type and priority. The form is the record's page. */
export default {
  list: lazy(() => import('./SlaPolicyList')),
  ...formPages(SlaPolicyForm, { defaults: { type: 'service', priority: 'P3', calendar: 'business' }, afterCreate: 'edit' }),
  icon: TimerIcon,
  recordRepresentation: (r: { type: string; priority: string }) => `${r.type} ${r.priority}`,
}
