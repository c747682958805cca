import type { SlaTerms } from '#app/service_levels/sla_clock'

const HOUR = 60
/** One business day of the default office hours (08:30–17:30). */
const BUSINESS_DAY = 9 * HOUR

/**
 * The SLA policies a new installation starts with; admins change them afterwards. Urgent service
 * incidents run around the clock (the NOC is staffed day and night), routine ones on office
 * hours. A security incident is answered within the hour at any time of day whatever its
 * priority, to keep the agency inside the legal one-hour reporting clock (資通安全事件通報及應變辦法,
 * art. 4: report within an hour of becoming aware); the resolve targets are the service desk's
 * own, not legal deadlines.
 */
export const DEFAULT_SLA_POLICIES: readonly SlaTerms[] = [
  { type: 'service', priority: 'P1', respondMinutes: 15, resolveMinutes: 4 * HOUR, calendar: '24x7' },
  { type: 'service', priority: 'P2', respondMinutes: 30, resolveMinutes: 8 * HOUR, calendar: '24x7' },
  { type: 'service', priority: 'P3', respondMinutes: 4 * HOUR, resolveMinutes: 3 * BUSINESS_DAY, calendar: 'business' },
  { type: 'service', priority: 'P4', respondMinutes: BUSINESS_DAY, resolveMinutes: 5 * BUSINESS_DAY, calendar: 'business' },
  { type: 'security', priority: 'P1', respondMinutes: HOUR, resolveMinutes: 4 * HOUR, calendar: '24x7' },
  { type: 'security', priority: 'P2', respondMinutes: HOUR, resolveMinutes: 8 * HOUR, calendar: '24x7' },
  { type: 'security', priority: 'P3', respondMinutes: HOUR, resolveMinutes: 24 * HOUR, calendar: '24x7' },
  { type: 'security', priority: 'P4', respondMinutes: HOUR, resolveMinutes: 72 * HOUR, calendar: '24x7' },
]
