import { routed } from '#app/core/registration'

/** The monthly service-management figures: every role reads them, over its own agency scope. */
export const serviceReports = routed('service_reports', {
  grants: { admin: 'r', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' },
  routes: () => import('#app/reports/report_routes'),
})
