import PeopleIcon from '@mui/icons-material/People'
import UserList from './UserList'
import UserShow from './UserShow'
import { UserForm, dropEmptyPassword } from './UserForm'
import { formPages } from '../common/pages'

export default {
  list: UserList,
  show: UserShow,
  ...formPages(UserForm, { defaults: { active: true, locale: 'zh-TW' }, transform: dropEmptyPassword }),
  icon: PeopleIcon,
  recordRepresentation: (r: { email: string; full_name: string | null }) => r.full_name ? `${r.full_name} <${r.email}>` : r.email,
}
