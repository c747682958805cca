import { routed } from '#app/core/registration'

/**
 * The programme's two security KPIs per month and agency: G-ISAC, CIOs, auditors and admins
 * read them nationally, a liaison for its own agency and those below it. The NOC does not work
 * security incidents and does not read them.
 */
export const securityKpis = routed('security_kpis', {
  grants: { admin: 'r', noc: '', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' },
  routes: () => import('#app/security_grading/security_kpi_routes'),
})
