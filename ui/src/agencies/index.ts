import AccountBalanceIcon from '@mui/icons-material/AccountBalance'
import AgencyList from './AgencyList'
import AgencyShow from './AgencyShow'
import { AgencyForm } from './AgencyForm'
import { formPages } from '../common/pages'

export default {
  list: AgencyList,
  show: AgencyShow,
  ...formPages(AgencyForm),
  icon: AccountBalanceIcon,
  recordRepresentation: (r: { code: string; name: string }) => `${r.name} (${r.code})`,
}
