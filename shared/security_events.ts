/** Where a security event came from: the flow detections, Suricata's EVE JSON, syslog from sensors, a liaison's report. */
export const SECURITY_EVENT_ORIGINS = ['detection', 'eve', 'syslog', 'manual'] as const
export type SecurityEventOrigin = (typeof SECURITY_EVENT_ORIGINS)[number]

