import BugReportIcon from '@mui/icons-material/BugReport'
import MenuBookIcon from '@mui/icons-material/MenuBook'
import ProblemList from './ProblemList'
import ProblemShow from './ProblemShow'
import { ProblemForm } from './ProblemForm'
import KnownErrorList from './KnownErrorList'
import { formPages } from '../common/pages'

export default {
  list: ProblemList,
  show: ProblemShow,
  ...formPages(ProblemForm, { defaults: { priority: 'P3' } }),
  icon: BugReportIcon,
  recordRepresentation: (r: { number: string; title: string }) => `${r.number} ${r.title}`,
}

/** The service desk's search over known errors (read only). */
export const knownErrors = {
  list: KnownErrorList,
  icon: MenuBookIcon,
  recordRepresentation: (r: { number: string; title: string }) => `${r.number} ${r.title}`,
}
