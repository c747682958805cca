import { lazy } from 'react'
import HistoryIcon from '@mui/icons-material/History'

export default {
  list: lazy(() => import('./AuditList')),
  show: lazy(() => import('./AuditShow')),
  icon: HistoryIcon,
  recordRepresentation: (r: { id: number }) => `#${r.id}`,
}
