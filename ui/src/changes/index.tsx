import { lazy, useState } from 'react'
import { Create } from 'react-admin'
import ChangeCircleIcon from '@mui/icons-material/ChangeCircle'
import { formPages } from '../common/pages'
import { ChangeForm, changeDefaults } from './ChangeForm'

/** The defaults hold a time, so they are taken when the page opens, not when the app loaded. */
function ChangeCreate() {
  const [defaults] = useState(changeDefaults)
  return (
    <Create redirect="show" record={defaults}>
      <ChangeForm />
    </Create>
  )
}

export default {
  list: lazy(() => import('./ChangeList')),
  show: lazy(() => import('./ChangeShow')),
  edit: formPages(ChangeForm).edit,
  create: ChangeCreate,
  icon: ChangeCircleIcon,
  recordRepresentation: (r: { number: string; title: string }) => `${r.number} ${r.title}`,
}
