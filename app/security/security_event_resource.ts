import { routed } from '#app/core/registration'

/**
 * Security events (security_event_routes.ts): everyone who reads incidents reads the events
 * that touch their agencies; nobody writes them through the API (the sensors, the flow
 * detections and the reports do).
 */
export const securityEvents = routed('security_events', {
  grants: { admin: 'r', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' },
  routes: () => import('#app/security/security_event_routes'),
})

/** A liaison's report of a security incident in its agency; G-ISAC and admins file one for an agency. */
export const securityReports = routed('security_reports', {
  grants: { admin: 'c', noc: '', analyst: 'c', cio: '', agency_liaison: 'c', auditor: '' },
  routes: () => import('#app/security/security_event_routes'),
})
