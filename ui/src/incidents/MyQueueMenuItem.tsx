import { Menu, useGetIdentity } from 'react-admin'
import InboxIcon from '@mui/icons-material/Inbox'
import GroupsIcon from '@mui/icons-material/Groups'
import { COMMAND_MOVES } from '../../../shared/incident_lifecycle'
import { useCan } from '../common/permissions'

/** Open incidents are those that can still be resolved: new, assigned, in progress, on hold. */
export const OPEN_STATUSES = COMMAND_MOVES.resolve.from

/**
 * The incidents list filtered to what the logged-in person has open: their own queue, nearest SLA
 * breach first as a group's queue is (sla_due_at is null while a clock is paused or stopped, and
 * PostgreSQL sorts nulls last in ascending order).
 */
export function myQueuePath(assigneeId: number | string) {
  const filter = JSON.stringify({ assignee_id: assigneeId, status: OPEN_STATUSES })
  return `/incidents?${new URLSearchParams({ filter, order: 'ASC', sort: 'sla_due_at' })}`
}

/** For those who work incidents; the list itself is the queue, so the filters stay changeable. */
export function MyQueueMenuItem() {
  const mayWork = useCan('incidents', 'update')
  const { identity } = useGetIdentity()
  if (!mayWork || !identity) return null
  return <Menu.Item to={myQueuePath(identity.id)} primaryText="gsn.incidents.my_queue" leftIcon={<InboxIcon />} />
}

/** The assignment groups' queues, for those who read both incidents and groups. */
export function GroupQueuesMenuItem() {
  const readsIncidents = useCan('incidents', 'read')
  const readsGroups = useCan('assignment_groups', 'read')
  if (!readsIncidents || !readsGroups) return null
  return <Menu.Item to="/group_queues" primaryText="gsn.incidents.queues.menu" leftIcon={<GroupsIcon />} />
}
