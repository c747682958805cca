import type { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import type Incident from '#app/incidents/incident'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { findRow, present } from '#app/core/resource'
import { incidentResource } from '#app/incidents/incident_resource'
import { timelineFor } from '#app/incidents/incident_timeline'
import { proposedLevel } from '#shared/security_grading'

/**
 * The notification record the agency sends to the competent authority (資通安全事件通報), made
 * from the incident as it stands: who reports (agency and contact), when it became aware, the
 * level and the assessment behind it, the systems affected, the impact, the measures taken, and
 * each time it was sent. The same record is the JSON export and the UI's printable page. Null
 * when the reader may not see the incident (another agency's liaison: the same 404).
 */
export async function authorityReport(user: User, id: number) {
  const row = (await findRow(incidentResource, user, id)) as Incident | null
  if (!row) return null
  if (row.type !== 'security') throw new FieldError('type', message('security.not_security'))
  const shown = (await present(incidentResource, row, user)) as Record<string, any>
  const [agency, reporter, liaisons, systems, otherItems, timeline] = await Promise.all([
    db.from('agencies').where('id', row.agencyId).select('id', 'code', 'name', 'name_en').first(),
    row.reportedById ? db.from('users').where('id', row.reportedById).select('full_name', 'email', 'role').first() : null,
    db.from('users').where({ agency_id: row.agencyId, role: 'agency_liaison', active: true }).orderBy('id').select('full_name', 'email'),
    db
      .from('incident_items as ii')
      .join('information_systems as s', 's.id', 'ii.item_id')
      .where({ 'ii.incident_id': row.id, 'ii.item_type': 'information_system' })
      .orderBy('s.code')
      .select('s.id', 's.code', 's.name', 's.core', 's.category', 's.status'),
    db.from('incident_items').where('incident_id', row.id).whereNot('item_type', 'information_system').orderBy(['item_type', 'item_id']).select('item_type', 'item_id'),
    timelineFor(row.id, user),
  ])
  const iso = (at: DateTime | null) => at?.toUTC().toISO() ?? null
  const person = (u: { full_name: string | null; email: string } | null | undefined) => (u ? { name: u.full_name || u.email, email: u.email } : null)
  const assessment = row.securityAssessment
  return {
    incident: {
      id: row.id, number: row.number, title: shown.title, status: row.status, priority: row.priority,
      opened_at: iso(row.openedAt), resolved_at: iso(row.resolvedAt), closed_at: iso(row.closedAt),
    },
    agency: agency ? { id: agency.id, code: agency.code, name: agency.name, name_en: agency.name_en ?? null } : null,
    contact: person(reporter),
    liaisons: liaisons.map(person),
    aware_at: iso(row.awareAt ?? row.openedAt),
    level: row.securityLevel,
    level_reviewed: row.securityLevelReviewed,
    assessment,
    proposed_level: assessment ? proposedLevel(assessment) : null,
    systems_affected: systems,
    other_items: otherItems,
    impact: shown.description ?? null,
    measures_taken: timeline
      .filter((e) => e.body && ['note', 'worklog', 'moved'].includes(e.kind))
      .map((e) => ({ at: e.at, by: e.actor.name ?? e.actor.email, text: e.body as string })),
    resolution: shown.resolution ?? null,
    reports: timeline.filter((e) => e.kind === 'authority_report').map((e) => ({ at: e.at, by: e.actor.name ?? e.actor.email, note: e.body })),
    sent_at: iso(row.authorityReportSentAt),
    legal_clocks: shown.legal_clocks,
  }
}
