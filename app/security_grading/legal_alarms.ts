import db from '@adonisjs/lucid/services/db'
import Incident from '#app/incidents/incident'
import { SYSTEM_ACTOR } from '#app/audit/audit_log'
import { message } from '#app/core/messages'
import { addTimeline } from '#app/incidents/incident_timeline'
import { notify } from '#app/notifications/dispatcher'
import { envelope } from '#app/notifications/events'
import type { SlaAlarmJob } from '#app/service_levels/sla_alarm_jobs'
import { clocksOfSubjects, subjectsOf } from '#app/security_grading/incident_legal_clocks'
import type { LegalClockName } from '#shared/security_grading'

/**
 * A legal clock's warning or breach firing (from the SLA alarms' queue and worker): the clocks
 * are worked out again under the incident's lock, and the alarm is given only if it still
 * applies and was not given before for that clock and deadline (a report due again after a
 * change of level is a new deadline, warned of again). Then a timeline entry in the same
 * transaction, and 'incident.legal_warning' or 'incident.legal_breach' in the one envelope.
 */

export const isLegalAlarm = (job: SlaAlarmJob) => job.clock.startsWith('legal_')

export async function fireLegalAlarm(job: SlaAlarmJob, now = new Date()) {
  const clockName = job.clock.slice('legal_'.length) as LegalClockName
  const given = await db.transaction(async (trx) => {
    const row = await Incident.query({ client: trx }).where('id', job.incidentId).forUpdate().first()
    if (!row || row.type !== 'security') return null
    const clock = (await clocksOfSubjects(trx, await subjectsOf(trx, [row.id]), now)).get(row.id)?.find((c) => c.clock === clockName)
    if (!clock || clock.met_at || !clock.due_at) return null
    const applies = job.kind === 'breach' ? clock.state === 'breached' : clock.state === 'warning'
    if (!applies) return null
    const entryKind = job.kind === 'breach' ? 'legal_breach' : 'legal_warning'
    const params = { clock: clockName, due: clock.due_at.toISOString(), level: clock.level }
    const before = await trx
      .from('incident_timeline')
      .where({ incident_id: row.id, kind: entryKind })
      .whereRaw(`message->'params'->0->>'clock' = ? AND message->'params'->0->>'due' = ?`, [params.clock, params.due])
      .first()
    if (before) return null
    const text = message(job.kind === 'breach' ? 'security.legal_breach' : 'security.legal_warning', params)
    await addTimeline(trx, row.id, [{ kind: entryKind, at: now, actor: SYSTEM_ACTOR, message: text }])
    return { row, params }
  })
  if (!given) return { given: false }
  const { row, params } = given
  await notify(
    envelope({
      type: job.kind === 'breach' ? 'incident.legal_breach' : 'incident.legal_warning',
      at: job.at,
      subject: { kind: 'incident', id: row.id },
      agency_id: row.agencyId,
      priority: row.priority,
      summary: message('security.event_alarm', { number: row.number, title: row.title, kind: job.kind, ...params }),
      payload: {
        incident: { id: row.id, number: row.number, title: row.title, priority: row.priority, status: row.status, security_level: row.securityLevel },
        clock: params.clock,
        due_at: params.due,
      },
    })
  )
  return { given: true }
}
