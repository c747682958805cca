import { lazy } from 'react'
import TuneIcon from '@mui/icons-material/Tune'
import { formPages } from '../common/pages'
import { DetectionRuleForm } from './DetectionRuleForm'

/** The flow detections' rules and thresholds, as an admin tunes them. The form is the record's page. */
export default {
  list: lazy(() => import('./DetectionRuleList')),
  edit: formPages(DetectionRuleForm).edit,
  icon: TuneIcon,
  recordRepresentation: (r: { rule: string }) => r.rule,
}
