import { routed } from '#app/core/registration'

/** The consolidation overview (overview_routes.ts): every role reads it, within its agency scope. */
export const overview = routed('overview', {
  grants: { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' },
  routes: () => import('#app/overview/overview_routes'),
})
