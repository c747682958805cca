import { lazy } from 'react'
import { Admin, CustomRoutes, Resource, defaultTheme, type RaThemeOptions } from 'react-admin'
import { Route } from 'react-router'
import type { Theme } from '@mui/material/styles'
import { dataProvider } from './dataProvider'
import { authProvider } from './authProvider'
import { i18nProvider } from './i18n/i18nProvider'
import { AppLayout } from './layout/AppLayout'
import { LoginPage } from './layout/LoginPage'
import Landing from './layout/Landing'
import { OVERVIEW_PATH } from './layout/landings'
import agencies from './agencies'
import dataCentres from './data_centres'
import informationSystems from './information_systems'
import devices from './devices'
import links from './links'
import incidents from './incidents'
import maintenanceWindows from './maintenance_windows'
import problems, { knownErrors } from './problems'
import changes from './changes'
import changeBoards from './change_boards'
import changeTemplates from './change_templates'
import freezePeriods from './freeze_periods'
import consolidationProjects from './consolidation_projects'
import users from './users'
import notificationChannels from './notification_channels'
import notificationSubscriptions from './notification_subscriptions'
import assignmentGroups from './assignment_groups'
import priorityMatrix from './priority_matrix'
import slaPolicies from './sla_policies'
import holidays from './holidays'
import agencyPrefixes from './agency_prefixes'
import businessHours from './business_hours'
import auditLog from './audit_log'
import accessTokens from './access_tokens'
import flowExporters from './flow_exporters'
import legalClockPolicies from './security_grading'
import detectionRules from './detection_rules'
import deviceHealthPolicies from './device_health_policies'
import lineQualityPolicies from './line_quality_policies'
import securityEvents, { securityReports } from './security_events'
import indicators from './indicators'
import sharingGroups from './sharing_groups'
import carrierContracts from './carrier_contracts'

// The charts, the NOC board and the import page are heavy pages: loaded when opened.
const Dashboard = lazy(() => import('./dashboard/Dashboard'))
const ImportPage = lazy(() => import('./imports/ImportPage'))
const loadNocBoard = () => import('./noc/NocBoard')
const NocBoard = lazy(loadNocBoard)
// A wall screen or a bookmark opens the board directly: its code loads while the session is checked.
if (window.location.hash.startsWith('#/noc')) void loadNocBoard()
const ServiceReport = lazy(() => import('./reports/ServiceReport'))
const ChangeCalendar = lazy(() => import('./changes/ChangeCalendar'))
const GroupQueues = lazy(() => import('./incidents/GroupQueues'))
const FlowExplorer = lazy(() => import('./flows/FlowExplorer'))
const AuthorityReportPage = lazy(() => import('./security_grading/AuthorityReportPage'))
const SecurityKpiPage = lazy(() => import('./security_grading/SecurityKpiPage'))
const SecurityQueue = lazy(() => import('./security_queue/SecurityQueue'))
const CarrierReport = lazy(() => import('./carrier_contracts/CarrierReport'))
const ProgrammeReview = lazy(() => import('./programme/ProgrammeReview'))

// react-admin's default blues fail WCAG 2.1 AA contrast (white on its app bar's #2196f3 is 3.1:1,
// #1976d2 text on the page's #fafafb 4.4:1); Material's blue 800 clears 4.5:1 on both.
const ACCESSIBLE_BLUE = '#1565c0'

const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: ACCESSIBLE_BLUE },
    secondary: { main: ACCESSIBLE_BLUE, contrastText: '#fff' },
    // The Delete button is red text on the form toolbar's grey (#e0e0e0): red 900 for 5:1.
    error: { main: '#b71c1c' },
  },
  components: {
    ...defaultTheme.components,
    // An empty list's "No … yet" is drawn in the disabled grey (2.7:1); it is text to be read.
    // react-admin's row checkboxes put their "Select this row" name on the wrapping span, where
    // it names nothing and leaves the checkbox itself unnamed: it belongs on the input.
    MuiCheckbox: {
      defaultProps: {
        slotProps: {
          root: { 'aria-label': undefined },
          input: ({ 'aria-label': label }: { 'aria-label'?: string }) => (label ? { 'aria-label': label } : {}),
        },
      },
    },
    RaEmpty: { styleOverrides: { root: ({ theme }: { theme: Theme }) => ({ '& .RaEmpty-message': { color: theme.palette.text.secondary } }) } },
  },
  typography: {
    ...defaultTheme.typography,
    fontFamily: [
      'Roboto',
      '"Noto Sans TC"',
      '"PingFang TC"',
      '"Microsoft JhengHei"',
      '"WenQuanYi Micro Hei"',
      'Helvetica',
      'Arial',
      'sans-serif',
    ].join(','),
  },
}

export default function App() {
  return (
    <Admin
      title="GSN Console"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      layout={AppLayout}
      loginPage={LoginPage}
      dashboard={Landing}
      theme={theme}
      requireAuth
      disableTelemetry
    >
      <Resource name="agencies" {...agencies} />
      <Resource name="data_centres" {...dataCentres} />
      <Resource name="information_systems" {...informationSystems} />
      <Resource name="devices" {...devices} />
      <Resource name="links" {...links} />
      <Resource name="agency_prefixes" {...agencyPrefixes} />
      <Resource name="incidents" {...incidents} />
      <Resource name="problems" {...problems} />
      <Resource name="known_errors" {...knownErrors} />
      <Resource name="maintenance_windows" {...maintenanceWindows} />
      <Resource name="assignment_groups" {...assignmentGroups} />
      <Resource name="priority_matrix" {...priorityMatrix} />
      <Resource name="changes" {...changes} />
      <Resource name="change_boards" {...changeBoards} />
      <Resource name="change_templates" {...changeTemplates} />
      <Resource name="freeze_periods" {...freezePeriods} />
      <Resource name="sla_policies" {...slaPolicies} />
      <Resource name="holidays" {...holidays} />
      <Resource name="business_hours" {...businessHours} />
      <Resource name="users" {...users} />
      <Resource name="notification_channels" {...notificationChannels} />
      <Resource name="notification_subscriptions" {...notificationSubscriptions} />
      <Resource name="audit_log" {...auditLog} />
      <Resource name="access_tokens" {...accessTokens} />
      <Resource name="flow_exporters" {...flowExporters} />
      <Resource name="legal_clock_policies" {...legalClockPolicies} />
      <Resource name="detection_rules" {...detectionRules} />
      <Resource name="device_health_policies" {...deviceHealthPolicies} />
      <Resource name="line_quality_policies" {...lineQualityPolicies} />
      <Resource name="security_events" {...securityEvents} />
      <Resource name="security_reports" {...securityReports} />
      <Resource name="indicators" {...indicators} />
      <Resource name="sharing_groups" {...sharingGroups} />
      <Resource name="indicator_sightings" />
      <Resource name="carrier_contracts" {...carrierContracts} />
      <Resource name="consolidation_projects" {...consolidationProjects} />
      <CustomRoutes>
        <Route path="/noc" element={<NocBoard />} />
        <Route path={OVERVIEW_PATH} element={<Dashboard />} />
        <Route path="/import" element={<ImportPage />} />
        <Route path="/reports/service_management" element={<ServiceReport />} />
        <Route path="/change_calendar" element={<ChangeCalendar />} />
        <Route path="/group_queues/:groupId?" element={<GroupQueues />} />
        <Route path="/flows" element={<FlowExplorer />} />
        <Route path="/incidents/:id/authority_report" element={<AuthorityReportPage />} />
        <Route path="/security_kpis" element={<SecurityKpiPage />} />
        <Route path="/security_queue" element={<SecurityQueue />} />
        <Route path="/reports/carrier" element={<CarrierReport />} />
        <Route path="/programme" element={<ProgrammeReview />} />
      </CustomRoutes>
    </Admin>
  )
}
