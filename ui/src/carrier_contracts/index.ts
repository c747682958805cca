import HandshakeIcon from '@mui/icons-material/Handshake'
import CarrierContractList from './CarrierContractList'
import CarrierContractShow from './CarrierContractShow'
import { CarrierContractForm } from './CarrierContractForm'
import { formPages } from '../common/pages'

export default {
  list: CarrierContractList,
  show: CarrierContractShow,
  ...formPages(CarrierContractForm, { defaults: { latency_percentile: 95 } }),
  icon: HandshakeIcon,
  recordRepresentation: (r: { carrier: string; contract_ref: string }) => `${r.carrier} ${r.contract_ref}`,
}
