import { lazy } from 'react'
import GridOnIcon from '@mui/icons-material/GridOn'
import { CellEdit } from './CellForm'

/** Impact × urgency → priority: nine cells, edited, never added or removed. */
export default {
  list: lazy(() => import('./MatrixList')),
  edit: CellEdit,
  icon: GridOnIcon,
}
