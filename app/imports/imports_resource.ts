import { routed } from '#app/core/registration'

/**
 * CSV imports (import_routes.ts): whoever keeps inventory may start one, for the kinds of rows
 * their role may write; auditors read what was imported. A job is never edited or deleted.
 */
export const imports = routed('imports', {
  grants: { admin: 'rcud', noc: 'rcu', analyst: '', cio: '', agency_liaison: 'rcu', auditor: 'r' },
  routes: () => import('#app/imports/import_routes'),
})
