import { lazy } from 'react'
import LanIcon from '@mui/icons-material/Lan'
import { formPages } from '../common/pages'
import { AgencyPrefixForm } from './AgencyPrefixForm'

/** The address blocks each agency uses: flows are placed in agencies by the longest that holds their addresses. */
export default {
  list: lazy(() => import('./AgencyPrefixList')),
  ...formPages(AgencyPrefixForm, { afterCreate: 'edit' }),
  icon: LanIcon,
  recordRepresentation: (r: { prefix: string }) => r.prefix,
}
