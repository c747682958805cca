import { lazy } from 'react'
import HubIcon from '@mui/icons-material/Hub'
import { formPages } from '../common/pages'
import { SharingGroupForm } from './SharingGroupForm'

/** Groups of agencies that share indicators (app/indicators/): list, members, their edit. */
export default {
  list: lazy(() => import('./SharingGroupList')),
  show: lazy(() => import('./SharingGroupShow')),
  ...formPages(SharingGroupForm, { defaults: { member_ids: [] } }),
  icon: HubIcon,
  recordRepresentation: 'name',
}
