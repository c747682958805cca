import { Menu } from 'react-admin'
import GppMaybeIcon from '@mui/icons-material/GppMaybe'
import { useCan } from '../common/permissions'

/** For those who work security incidents (G-ISAC analysts, admins, agencies' liaisons); the NOC does not. */
export function SecurityQueueMenuItem() {
  const works = useCan('incidents', 'update')
  const security = useCan('security_kpis', 'read')
  if (!works || !security) return null
  return <Menu.Item to="/security_queue" primaryText="gsn.security_queue.menu" leftIcon={<GppMaybeIcon />} />
}
