import { lazy } from 'react'
import KeyIcon from '@mui/icons-material/Key'

export default {
  list: lazy(() => import('./TokenList')),
  create: lazy(() => import('./TokenCreate')),
  icon: KeyIcon,
  recordRepresentation: 'name',
}
