import { API, httpClient } from '../common/http'
import type { KpiFigures, SecurityAssessment } from '../../../shared/security_grading'

export type { KpiFigures }

/**
 * A security incident's grading and its report to the authority
 * (app/security_grading/security_grading_routes.ts), and the programme's KPIs.
 */

export interface LegalClock {
  clock: 'report' | 'review' | 'contain' | 'investigation'
  level: number | null
  starts_at: string | null
  due_at: string | null
  warning_at: string | null
  met_at: string | null
  state: 'pending' | 'running' | 'warning' | 'met' | 'breached' | 'stopped'
  elapsed_share: number
}

export interface GradeBody {
  assessment: SecurityAssessment
  level?: number | null
  reason?: string | null
  aware_at?: string | null
}

export async function gradeIncident(id: number | string, body: GradeBody) {
  const { json } = await httpClient(`${API}/incidents/${id}/grade`, { method: 'POST', body: JSON.stringify(body) })
  return json as Record<string, unknown>
}

export async function sendAuthorityReport(id: number | string, note: string | null) {
  const { json } = await httpClient(`${API}/incidents/${id}/authority_report/send`, { method: 'POST', body: JSON.stringify(note ? { note } : {}) })
  return json as Record<string, unknown>
}

export interface AuthorityReport {
  incident: { id: number; number: string; title: string; status: string; priority: string; opened_at: string; resolved_at: string | null; closed_at: string | null }
  agency: { id: number; code: string; name: string; name_en: string | null } | null
  contact: { name: string; email: string } | null
  liaisons: Array<{ name: string; email: string }>
  aware_at: string
  level: number | null
  level_reviewed: boolean
  assessment: SecurityAssessment | null
  proposed_level: number | null
  systems_affected: Array<{ id: number; code: string; name: string; core: boolean; category: string; status: string }>
  other_items: Array<{ item_type: string; item_id: number }>
  impact: string | null
  measures_taken: Array<{ at: string; by: string; text: string }>
  resolution: string | null
  reports: Array<{ at: string; by: string; note: string | null }>
  sent_at: string | null
  legal_clocks: LegalClock[] | null
}


export interface KpiReport {
  month: string
  targets: { reported_in_time_percent: number; major_response_minutes: number }
  total: KpiFigures
  by_agency: Array<KpiFigures & { agency_id: number; code: string; name: string }>
}
