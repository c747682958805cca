import StorageIcon from '@mui/icons-material/Storage'
import DataCentreList from './DataCentreList'
import DataCentreShow from './DataCentreShow'
import { DataCentreForm } from './DataCentreForm'
import { formPages } from '../common/pages'

export default {
  list: DataCentreList,
  show: DataCentreShow,
  ...formPages(DataCentreForm),
  icon: StorageIcon,
  recordRepresentation: (r: { code: string; name: string }) => `${r.name} (${r.code})`,
}
