import type { SecurityAssessment } from '#shared/security_grading'

/** What an event is known by when its incident opens. */
export interface PresumedFrom {
  origin: 'detection' | 'eve' | 'syslog' | 'manual'
  kind: string
  /** 1 is the most severe, as Suricata counts. */
  severity: number
}

/**
 * The guided assessment security:work answers for an incident it opens from a detection or a
 * sensor's alert, so the analyst's queue shows a proposed level from the first minute (issue 11:
 * "graded incidents in the analyst's queue within a minute"); the analyst confirms or raises it,
 * as they would a liaison's proposal. Each answer is the least the event itself shows, never a
 * guess at more:
 * - a scan, a sweep or a newly exposed service: the attacker learnt what runs where
 *   (confidentiality, slightly);
 * - password guessing, traffic with an indicator, beaconing, a sensor's most severe alerts: an
 *   account or a host may be in other hands (confidentiality and integrity, slightly);
 * - a flood: operations were hit, and nothing says they stayed down past the tolerable time
 *   (availability within tolerance);
 * - other sensor alerts: confidentiality, slightly.
 * The systems are core when an information system the event touches is core. A liaison's
 * report is graded by the liaison: null.
 */
export function presumedAssessment(event: PresumedFrom, core: boolean): SecurityAssessment | null {
  if (event.origin === 'manual') return null
  const base: SecurityAssessment = { systems: core ? 'core' : 'non_core', confidentiality: 'minor', integrity: 'none', availability: 'none', classified: 'none' }
  if (event.origin !== 'detection') return event.severity <= 1 ? { ...base, integrity: 'minor' } : base
  switch (event.kind) {
    case 'flood':
      return { ...base, confidentiality: 'none', availability: 'within_tolerance' }
    case 'brute_force':
    case 'indicator':
    case 'beaconing':
      return { ...base, integrity: 'minor' }
    default:
      return base
  }
}
