import AppsIcon from '@mui/icons-material/Apps'
import SystemList from './SystemList'
import SystemShow from './SystemShow'
import { SystemForm } from './SystemForm'
import { formPages } from '../common/pages'

export default {
  list: SystemList,
  show: SystemShow,
  ...formPages(SystemForm),
  icon: AppsIcon,
  recordRepresentation: (r: { code: string; name: string }) => `${r.name} (${r.code})`,
}
