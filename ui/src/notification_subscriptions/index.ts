import { lazy } from 'react'
import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive'

/** My notifications: every person's own topics, by e-mail and live. */
export default {
  list: lazy(() => import('./SubscriptionsPage')),
  icon: NotificationsActiveIcon,
}
