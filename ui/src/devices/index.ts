import { lazy } from 'react'
import RouterIcon from '@mui/icons-material/Router'
import DeviceList from './DeviceList'
import { DeviceForm, credentialsTransform } from './DeviceForm'
import { formPages } from '../common/pages'

export default {
  list: DeviceList,
  // Reachability, interfaces and discovery make the show page heavy: loaded when opened.
  show: lazy(() => import('./DeviceShow')),
  ...formPages(DeviceForm, {
    defaults: { snmp_version: '2c', snmp_port: 161, poll_interval_s: 60 },
    transform: credentialsTransform,
  }),
  icon: RouterIcon,
  recordRepresentation: 'hostname',
}
