import RouterIcon from '@mui/icons-material/Router'
import DeviceList from './DeviceList'
import DeviceShow from './DeviceShow'
import { DeviceForm, credentialsTransform } from './DeviceForm'
import { formPages } from '../common/pages'

export default {
  list: DeviceList,
  show: DeviceShow,
  ...formPages(DeviceForm, {
    defaults: { snmp_version: '2c', snmp_port: 161, poll_interval_s: 60 },
    transform: credentialsTransform,
  }),
  icon: RouterIcon,
  recordRepresentation: 'hostname',
}
