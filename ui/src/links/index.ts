import CableIcon from '@mui/icons-material/Cable'
import LinkList from './LinkList'
import LinkShow from './LinkShow'
import { LinkForm } from './LinkForm'
import { formPages } from '../common/pages'

export default {
  list: LinkList,
  show: LinkShow,
  ...formPages(LinkForm, { defaults: { kind: 'legacy', status: 'active' } }),
  icon: CableIcon,
  recordRepresentation: (r: { circuit_id: string; name: string }) => `${r.circuit_id} ${r.name}`,
}
