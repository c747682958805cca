import { lazy } from 'react'
import CableIcon from '@mui/icons-material/Cable'
import LinkList from './LinkList'
import { LinkForm } from './LinkForm'
import { formPages } from '../common/pages'

export default {
  list: LinkList,
  // Monitoring and charts make the show page heavy: loaded when opened.
  show: lazy(() => import('./LinkShow')),
  ...formPages(LinkForm, { defaults: { kind: 'legacy', status: 'active' } }),
  icon: CableIcon,
  recordRepresentation: (r: { circuit_id: string; name: string }) => `${r.circuit_id} ${r.name}`,
}
