import AccountBalanceIcon from '@mui/icons-material/AccountBalance'
import AgencyList from './AgencyList'
import AgencyShow from './AgencyShow'
import { AgencyForm } from './AgencyForm'
import { formPages } from '../common/pages'
import { i18nProvider } from '../i18n/i18nProvider'
import { nameIn } from '../common/names'

export default {
  list: AgencyList,
  show: AgencyShow,
  ...formPages(AgencyForm),
  icon: AccountBalanceIcon,
  // The locale is read when drawn: a change of language draws the whole console again.
  recordRepresentation: (r: { code: string; name: string; name_en?: string | null }) =>
    `${nameIn(i18nProvider.getLocale(), r.name, r.name_en ?? null)} (${r.code})`,
}
