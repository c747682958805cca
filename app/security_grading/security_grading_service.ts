import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import type Incident from '#app/incidents/incident'
import { isInScope } from '#app/access/scope'
import { FieldError } from '#app/core/errors'
import { message, type Message } from '#app/core/messages'
import { actorOf, findForUpdate, incidentEvent, refuseType, saveChange } from '#app/incidents/incident_service'
import type { TimelineEntry } from '#app/incidents/incident_timeline'
import type { EventType } from '#app/notifications/events'
import { keepEvents, publishKept } from '#app/monitoring/events_outbox'
import { SYSTEM_ACTOR } from '#app/audit/audit_log'
import { proposedLevel, type SecurityAssessment, type SecurityLevel } from '#shared/security_grading'

/**
 * Grading a security incident and reporting it to the authority: the two commands, standing on
 * the one incident service (its lock, scope and type checks, saveChange's timeline entry, audit
 * row and clocks), each announced through the outbox of its transaction.
 *
 * Who grades. Under the regulation the agency reports the incident with the level it assesses
 * and the competent authority reviews that level (art. 4 and 6); G-ISAC practice (as TheHive's
 * analysts confirm what a reporter proposed) follows it. So an agency's liaison may grade its
 * own agency's incidents, and that level stands as proposed; a G-ISAC analyst's (or an admin's)
 * grading is the review. NOC engineers do not work security incidents at all.
 */

/** Roles whose grading is the authority's review of the level. */
export const REVIEWING_ROLES = new Set(['analyst', 'admin'])

export interface GradeBody {
  assessment: SecurityAssessment
  /** Left out: the assessment's proposal. */
  level: SecurityLevel | null
  /** Why the level differs from the assessment's. */
  reason: string | null
  /** When the agency became aware, if earlier than the opening. */
  awareAt: Date | null
}

const YEAR_MS = 366 * 24 * 3600_000

/** The incident under lock, if the user may work it, and only if it is a security incident still open to grading and reporting. */
async function lockedSecurityIncident(trx: TransactionClientContract, user: User, id: number) {
  const row = await findForUpdate(trx, id)
  if (!row || !(await isInScope(user, row.agencyId, trx))) return null
  refuseType(user, row.type)
  if (row.type !== 'security') throw new FieldError('type', message('security.not_security'))
  if (row.status === 'closed' || row.status === 'cancelled') throw new FieldError('status', message('security.settled', { status: row.status }))
  return row
}

async function commit(trx: TransactionClientContract, type: EventType, row: Incident, at: Date, summary: Message) {
  const events = [await incidentEvent(trx, type, row, at, summary)]
  return { row, events, kept: await keepEvents(trx, events) }
}

/** The level a grading sets, or the field error that refuses it. */
export function levelOf(body: Pick<GradeBody, 'assessment' | 'level' | 'reason'>) {
  const proposed = proposedLevel(body.assessment)
  const level = body.level ?? proposed
  if (level === null) throw new FieldError('level', message('security.no_impact'))
  if (level !== proposed && !body.reason) throw new FieldError('reason', message('security.reason_needed', { proposed }))
  return { level, proposed }
}

/**
 * Grades a security incident: the assessment, the level it proposes or the one given (with a
 * reason when they differ), and when the agency became aware. Null when the user may not see it.
 */
export async function gradeIncident(user: User, id: number, body: GradeBody) {
  const outcome = await db.transaction(async (trx) => {
    const row = await lockedSecurityIncident(trx, user, id)
    if (!row) return null
    const { level, proposed } = levelOf(body)
    const at = new Date()
    if (body.awareAt && (body.awareAt > at || body.awareAt.getTime() < row.openedAt.toMillis() - YEAR_MS)) {
      throw new FieldError('aware_at', message('security.aware_later'))
    }
    const reviewed = REVIEWING_ROLES.has(user.role)
    const actor = actorOf(user)
    const before = row.serialize()
    const from = row.securityLevel
    row.securityLevel = level
    row.securityLevelReviewed = reviewed
    row.securityAssessment = body.assessment
    if (body.awareAt) row.awareAt = DateTime.fromJSDate(body.awareAt)
    const entry: TimelineEntry = {
      kind: 'level', at, actor, message: message('security.timeline_level', { from, to: level, reviewed, proposed }), body: body.reason,
    }
    await saveChange(trx, actor, row, before, [entry])
    return commit(trx, 'incident.graded', row, at, message('security.event_graded', { number: row.number, title: row.title, level }))
  })
  if (!outcome) return null
  await publishKept(outcome.events, outcome.kept)
  return outcome.row
}

/**
 * The level security:work proposes for a security incident it has just opened, from the
 * assessment the event presumes (app/security/presumed_assessment.ts): stored as proposed, not
 * reviewed, on the timeline with the detection named, so the legal clocks count with a level and
 * the analyst confirms or raises it. Nothing when the assessment proposes no level.
 */
export async function proposeOnOpening(trx: TransactionClientContract, row: Incident, assessment: SecurityAssessment, kind: string, at: Date) {
  const level = proposedLevel(assessment)
  if (level === null) return
  const before = row.serialize()
  row.securityLevel = level
  row.securityLevelReviewed = false
  row.securityAssessment = assessment
  const entry: TimelineEntry = { kind: 'level', at, actor: SYSTEM_ACTOR, message: message('detections.level_proposed', { level, kind }), body: null }
  await saveChange(trx, SYSTEM_ACTOR, row, before, [entry])
}

/**
 * Records that the report to the authority was sent, with the level it states: the report
 * clock is met (and the authority's review clock starts). A graded incident only.
 */
export async function sendAuthorityReport(user: User, id: number, note: string | null) {
  const outcome = await db.transaction(async (trx) => {
    const row = await lockedSecurityIncident(trx, user, id)
    if (!row) return null
    if (row.securityLevel === null) throw new FieldError('level', message('security.not_graded'))
    const at = new Date()
    const actor = actorOf(user)
    const before = row.serialize()
    row.authorityReportSentAt = DateTime.fromJSDate(at)
    const level = row.securityLevel
    await saveChange(trx, actor, row, before, [{ kind: 'authority_report', at, actor, message: message('security.timeline_report', { level }), body: note }])
    return commit(trx, 'incident.reported', row, at, message('security.event_reported', { number: row.number, title: row.title, level }))
  })
  if (!outcome) return null
  await publishKept(outcome.events, outcome.kept)
  return outcome.row
}
