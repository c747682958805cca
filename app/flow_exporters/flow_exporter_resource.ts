import { routed } from '#app/core/registration'

/** The flow exporters and their counters (flow_exporter_routes.ts): read by every role, within its agency scope. */
export const flowExporters = routed('flow_exporters', {
  grants: { admin: 'r', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' },
  routes: () => import('#app/flow_exporters/flow_exporter_routes'),
})
