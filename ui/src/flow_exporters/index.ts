import { lazy } from 'react'
import SensorsIcon from '@mui/icons-material/Sensors'

export default {
  list: lazy(() => import('./FlowExporterList')),
  icon: SensorsIcon,
  recordRepresentation: 'exporter',
}
