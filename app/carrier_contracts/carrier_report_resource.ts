import { routed } from '#app/core/registration'

/**
 * The carrier report (carrier_report_routes.ts): what each carrier delivered against its
 * contracts. Administrators hand it to the carrier; NOC, CIOs and auditors read it; a liaison
 * reads its own agency's lines. Analysts work security, not carriers.
 */
export const carrierReports = routed('carrier_reports', {
  grants: { admin: 'r', noc: 'r', analyst: '', cio: 'r', agency_liaison: 'r', auditor: 'r' },
  routes: () => import('#app/carrier_contracts/carrier_report_routes'),
})
