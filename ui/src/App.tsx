import { lazy } from 'react'
import { Admin, CustomRoutes, Resource, defaultTheme, type RaThemeOptions } from 'react-admin'
import { Route } from 'react-router'
import { dataProvider } from './dataProvider'
import { authProvider } from './authProvider'
import { i18nProvider } from './i18n/i18nProvider'
import { AppLayout } from './layout/AppLayout'
import { LoginPage } from './layout/LoginPage'
import agencies from './agencies'
import dataCentres from './data_centres'
import informationSystems from './information_systems'
import devices from './devices'
import links from './links'
import incidents from './incidents'
import maintenanceWindows from './maintenance_windows'
import users from './users'
import auditLog from './audit_log'
import accessTokens from './access_tokens'

// The charts, the NOC board and the import page are heavy pages: loaded when opened.
const Dashboard = lazy(() => import('./dashboard/Dashboard'))
const ImportPage = lazy(() => import('./imports/ImportPage'))
const NocBoard = lazy(() => import('./noc/NocBoard'))

const theme: RaThemeOptions = {
  ...defaultTheme,
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
      dashboard={Dashboard}
      theme={theme}
      requireAuth
      disableTelemetry
    >
      <Resource name="agencies" {...agencies} />
      <Resource name="data_centres" {...dataCentres} />
      <Resource name="information_systems" {...informationSystems} />
      <Resource name="devices" {...devices} />
      <Resource name="links" {...links} />
      <Resource name="incidents" {...incidents} />
      <Resource name="maintenance_windows" {...maintenanceWindows} />
      <Resource name="users" {...users} />
      <Resource name="audit_log" {...auditLog} />
      <Resource name="access_tokens" {...accessTokens} />
      <CustomRoutes>
        <Route path="/noc" element={<NocBoard />} />
        <Route path="/import" element={<ImportPage />} />
      </CustomRoutes>
    </Admin>
  )
}
