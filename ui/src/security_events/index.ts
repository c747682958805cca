import { lazy } from 'react'
import GppMaybeIcon from '@mui/icons-material/GppMaybe'

export default {
  list: lazy(() => import('./SecurityEventList')),
  icon: GppMaybeIcon,
  recordRepresentation: 'kind',
}

/** The liaisons' report form: a create page only (the events list links to it). */
export const securityReports = {
  create: lazy(() => import('./ReportCreate')),
}
