import { Menu, useGetIdentity, usePermissions } from 'react-admin'
import MonitorHeartIcon from '@mui/icons-material/MonitorHeart'

/** Roles that watch the network: the board is their first menu entry. */
const WATCHERS = new Set(['noc', 'admin'])

/**
 * The NOC board's menu entry, for every role that may read links (the API scopes what they see).
 * `first` says where the menu puts it: first for the network operators, after the overview for
 * the others.
 */
export function NocMenuItem({ first }: { first: boolean }) {
  const { permissions } = usePermissions<Record<string, string[]>>()
  const { identity } = useGetIdentity()
  if (!permissions?.links?.includes('read') || !identity) return null
  if (WATCHERS.has(String(identity.role)) !== first) return null
  return <Menu.Item to="/noc" primaryText="gsn.menu.noc" leftIcon={<MonitorHeartIcon />} />
}
