import { lazy } from 'react'
import NetworkCheckIcon from '@mui/icons-material/NetworkCheck'
import { formPages } from '../common/pages'
import { QualityPolicyForm } from './QualityPolicyForm'

/** Line quality thresholds per link class, as an admin edits them. The form is the record's page. */
export default {
  list: lazy(() => import('./QualityPolicyList')),
  edit: formPages(QualityPolicyForm).edit,
  icon: NetworkCheckIcon,
  recordRepresentation: (r: { link_kind: string }) => r.link_kind,
}
