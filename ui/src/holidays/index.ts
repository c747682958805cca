import { lazy } from 'react'
import EventIcon from '@mui/icons-material/Event'
import { formPages } from '../common/pages'
import { HolidayForm } from './HolidayForm'

/** The office calendar: holidays and make-up working days (補班日) that business-hours SLAs honour. */
export default {
  list: lazy(() => import('./HolidayList')),
  ...formPages(HolidayForm, { defaults: { kind: 'holiday' }, afterCreate: 'edit' }),
  icon: EventIcon,
  recordRepresentation: (r: { date: string; name_en: string }) => `${r.date} ${r.name_en}`,
}
