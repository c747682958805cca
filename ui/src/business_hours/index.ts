import { lazy } from 'react'
import ScheduleIcon from '@mui/icons-material/Schedule'
import { formPages } from '../common/pages'
import { BusinessHoursForm } from './BusinessHoursForm'

/** The office hours business-hours SLAs count: one record, edited, never created or deleted. */
export default {
  list: lazy(() => import('./BusinessHoursList')),
  edit: formPages(BusinessHoursForm).edit,
  icon: ScheduleIcon,
  recordRepresentation: () => '',
}
