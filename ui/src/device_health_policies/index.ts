import { lazy } from 'react'
import MonitorHeartIcon from '@mui/icons-material/MonitorHeart'
import { formPages } from '../common/pages'
import { HealthPolicyForm } from './HealthPolicyForm'

/** Device health thresholds per device kind, as an admin edits them. The form is the record's page. */
export default {
  list: lazy(() => import('./HealthPolicyList')),
  edit: formPages(HealthPolicyForm).edit,
  icon: MonitorHeartIcon,
  recordRepresentation: (r: { device_kind: string }) => r.device_kind,
}
