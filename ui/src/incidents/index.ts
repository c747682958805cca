import ReportProblemIcon from '@mui/icons-material/ReportProblem'
import IncidentList from './IncidentList'
import IncidentShow from './IncidentShow'
import { IncidentForm } from './IncidentForm'
import { formPages } from '../common/pages'

export default {
  list: IncidentList,
  show: IncidentShow,
  ...formPages(IncidentForm, { defaults: { type: 'service', priority: 'P3', items: [] } }),
  icon: ReportProblemIcon,
  recordRepresentation: (r: { number: string; title: string }) => `${r.number} ${r.title}`,
}
