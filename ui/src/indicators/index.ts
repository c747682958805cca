import { lazy } from 'react'
import PolicyIcon from '@mui/icons-material/Policy'
import { formPages } from '../common/pages'
import { IndicatorForm } from './IndicatorForm'

/** Indicators of compromise, TLP-marked (app/indicators/): list, show with sightings, form, import and export. */
export default {
  list: lazy(() => import('./IndicatorList')),
  show: lazy(() => import('./IndicatorShow')),
  ...formPages(IndicatorForm, { defaults: { type: 'ipv4', tlp: 'amber', confidence: 50 } }),
  icon: PolicyIcon,
  recordRepresentation: 'value',
}
