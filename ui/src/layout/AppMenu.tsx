import { Menu, usePermissions } from 'react-admin'
import UploadFileIcon from '@mui/icons-material/UploadFile'
import InsightsIcon from '@mui/icons-material/Insights'
import AssessmentIcon from '@mui/icons-material/Assessment'
import TravelExploreIcon from '@mui/icons-material/TravelExplore'
import ShieldIcon from '@mui/icons-material/Shield'
import { NocMenuItem } from '../noc/NocMenuItem'
import { OVERVIEW_PATH } from './landings'
import { GroupQueuesMenuItem, MyQueueMenuItem } from '../incidents/MyQueueMenuItem'
import { SecurityQueueMenuItem } from '../security_queue/SecurityQueueMenuItem'

/** Resource entries hide themselves when the role may not list them (authProvider.canAccess). */
export function AppMenu() {
  const { permissions } = usePermissions<Record<string, string[]>>()
  return (
    <Menu>
      <NocMenuItem first />
      {permissions?.overview?.includes('read') && (
        <Menu.Item to={OVERVIEW_PATH} primaryText="gsn.menu.overview" leftIcon={<InsightsIcon />} />
      )}
      {permissions?.programme_reviews?.includes('read') && (
        <Menu.Item to="/programme" primaryText="gsn.programme.menu" leftIcon={<AssessmentIcon />} />
      )}
      <NocMenuItem first={false} />
      {permissions?.flows?.includes('read') && (
        <Menu.Item to="/flows" primaryText="gsn.flows.menu" leftIcon={<TravelExploreIcon />} />
      )}
      <MyQueueMenuItem />
      <SecurityQueueMenuItem />
      <GroupQueuesMenuItem />
      <Menu.ResourceItems />
      {permissions?.imports?.includes('create') && (
        <Menu.Item to="/import" primaryText="gsn.menu.import" leftIcon={<UploadFileIcon />} />
      )}
      {permissions?.service_reports?.includes('read') && (
        <Menu.Item to="/reports/service_management" primaryText="gsn.reports.menu" leftIcon={<AssessmentIcon />} />
      )}
      {permissions?.carrier_reports?.includes('read') && (
        <Menu.Item to="/reports/carrier" primaryText="gsn.carrier_report.menu" leftIcon={<AssessmentIcon />} />
      )}
      {permissions?.security_kpis?.includes('read') && (
        <Menu.Item to="/security_kpis" primaryText="gsn.security.kpi_menu" leftIcon={<ShieldIcon />} />
      )}
    </Menu>
  )
}
