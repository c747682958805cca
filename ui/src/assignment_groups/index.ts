import { lazy } from 'react'
import GroupsIcon from '@mui/icons-material/Groups'
import { GroupForm, keepKindFields } from './GroupForm'
import { formPages } from '../common/pages'

/** The teams incidents are routed to, with their members. No show page: the form is the record. */
export default {
  list: lazy(() => import('./GroupList')),
  ...formPages(GroupForm, { defaults: { kind: 'agency_it', member_ids: [] }, transform: keepKindFields, afterCreate: 'edit' }),
  icon: GroupsIcon,
  recordRepresentation: 'name',
}
