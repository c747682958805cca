import { percentage } from '#app/reports/monthly_figures'
import { deadlineOf, type LegalClockTerms } from '#app/security_grading/legal_clocks'
import { isMajor, type KpiFigures, type SecurityLevel } from '#shared/security_grading'

export type { KpiFigures }

/**
 * The security programme's two KPIs (優質網路政府計畫, Flagship 2), as plain functions of the
 * month's security incidents:
 *
 * - Intrusion-alert reporting rate (政府機關入侵警訊通報率, target 85%): of the security
 *   incidents opened in the month and not cancelled (raised in error), the share whose first
 *   report to the authority was sent within the legal report clock of awareness (1 hour by
 *   default, the level's duration from the policy data). The share reported at all, however
 *   late, is given beside it.
 * - Major incident response within 3 hours (重大事件處理反應時間小於 3 小時): of those graded level 3
 *   or 4, the share taken in hand (the first move out of 'new': assigned or started) within
 *   3 hours of the incident's opening, when the console, and so G-ISAC, learnt of it.
 */

export const REPORTING_TARGET_PERCENT = 85
export const MAJOR_RESPONSE_MINUTES = 180

export interface KpiIncident {
  agency_id: number
  aware_at: Date
  opened_at: Date
  level: SecurityLevel | null
  first_report_at: Date | null
  acknowledged_at: Date | null
}


export function kpiFigures(incidents: readonly KpiIncident[], reportTerms: LegalClockTerms): KpiFigures {
  let reported = 0
  let inTime = 0
  let major = 0
  let answered = 0
  for (const i of incidents) {
    if (i.first_report_at) {
      reported++
      if (i.first_report_at <= deadlineOf(reportTerms, i.level, i.aware_at)) inTime++
    }
    if (isMajor(i.level)) {
      major++
      if (i.acknowledged_at && i.acknowledged_at.getTime() - i.opened_at.getTime() <= MAJOR_RESPONSE_MINUTES * 60_000) answered++
    }
  }
  return {
    opened: incidents.length,
    reported,
    reported_in_time: inTime,
    reported_percent: percentage(reported, incidents.length),
    reported_in_time_percent: percentage(inTime, incidents.length),
    major,
    major_answered_in_time: answered,
    major_answered_percent: percentage(answered, major),
  }
}

/** The figures over everything given, and per agency (by agency id, ascending). */
export function securityKpis(incidents: readonly KpiIncident[], reportTerms: LegalClockTerms) {
  const byAgency = new Map<number, KpiIncident[]>()
  for (const i of incidents) byAgency.set(i.agency_id, [...(byAgency.get(i.agency_id) ?? []), i])
  return {
    total: kpiFigures(incidents, reportTerms),
    by_agency: [...byAgency.keys()].sort((a, b) => a - b).map((agencyId) => ({ agency_id: agencyId, ...kpiFigures(byAgency.get(agencyId)!, reportTerms) })),
  }
}
