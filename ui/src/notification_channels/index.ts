import { lazy } from 'react'
import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive'
import { ChannelForm, sendSecret } from './ChannelForm'
import { formPages } from '../common/pages'

/** Where alarms are sent: e-mail lists and signed webhooks. No show page: the form is the record. */
export default {
  list: lazy(() => import('./ChannelList')),
  ...formPages(ChannelForm, {
    defaults: { kind: 'email', min_priority: 'P4', enabled: true, event_types: [] },
    transform: sendSecret,
    afterCreate: 'edit',
  }),
  icon: NotificationsActiveIcon,
  recordRepresentation: 'name',
}
