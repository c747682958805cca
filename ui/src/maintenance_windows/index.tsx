import { lazy, useState } from 'react'
import { Create } from 'react-admin'
import EventBusyIcon from '@mui/icons-material/EventBusy'
import { formPages } from '../common/pages'
import { MaintenanceWindowForm, windowDefaults } from './MaintenanceWindowForm'

/** The defaults hold a time, so they are taken when the page opens, not when the app loaded. */
function MaintenanceWindowCreate() {
  const [defaults] = useState(windowDefaults)
  return (
    <Create redirect="show" record={defaults}>
      <MaintenanceWindowForm />
    </Create>
  )
}

export default {
  list: lazy(() => import('./MaintenanceWindowList')),
  show: lazy(() => import('./MaintenanceWindowShow')),
  edit: formPages(MaintenanceWindowForm).edit,
  create: MaintenanceWindowCreate,
  icon: EventBusyIcon,
  recordRepresentation: (r: { id: number; title: string }) => `#${r.id} ${r.title}`,
}
