import { Worker, type Job } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import queueConfig from '#config/queue'
import Incident from '#app/incidents/incident'
import { SYSTEM_ACTOR } from '#app/audit/audit_log'
import { message } from '#app/core/messages'
import { addTimeline } from '#app/incidents/incident_timeline'
import { notify } from '#app/notifications/dispatcher'
import { envelope } from '#app/notifications/events'
import { WARNING_SHARE } from '#app/service_levels/sla_clock'
import { loadTerms } from '#app/service_levels/sla_terms'
import { clocksOf } from '#app/service_levels/incident_sla'
import { SLA_ALARMS, SLA_CLOCKS, SLA_QUEUE, type SlaAlarmJob, type SlaClockName } from '#app/service_levels/sla_alarm_jobs'
import { fireLegalAlarm, isLegalAlarm } from '#app/security_grading/legal_alarms'
import { LEGAL_CLOCKS } from '#shared/security_grading'

/**
 * A warning or breach job that fires: the clock is worked out again from the database, under
 * the incident's row lock, and the alarm is given only if it still applies (the clock runs and
 * has reached the mark) and was not given before for that clock. Then a timeline entry in the
 * same transaction, and the event 'incident.sla_warning' or 'incident.sla_breach' for the
 * notification channels and the live stream.
 */
export async function fireSlaAlarm(job: SlaAlarmJob, now = new Date()) {
  const { incidentId, kind } = job
  const clock = job.clock as SlaClockName
  const given = await db.transaction(async (trx) => {
    const row = await Incident.query({ client: trx }).where('id', incidentId).forUpdate().first()
    if (!row) return null
    // Read afresh, not from this process's cache: an admin may have changed them in another process.
    const terms = await loadTerms(trx)
    const subject = { id: row.id, type: row.type, priority: row.priority, opened_at: row.openedAt.toJSDate(), status: row.status }
    const state = (await clocksOf(trx, terms, [subject], now)).get(row.id)
    if (!state || state[`${clock}_breach_at`] === null) return null
    const breached = state[`${clock}_breached`]
    if (kind === 'breach' ? !breached : breached || state[`${clock}_elapsed_share`] < WARNING_SHARE) return null
    const entryKind = kind === 'breach' ? 'sla_breach' : 'sla_warning'
    const before = await trx
      .from('incident_timeline')
      .where({ incident_id: row.id, kind: entryKind })
      .whereRaw(`message->'params'->0->>'clock' = ?`, [clock])
      .first()
    if (before) return null
    const minutes = clock === 'respond' ? state.policy.respondMinutes : state.policy.resolveMinutes
    const params = { clock, due: state[`${clock}_due_at`].toISOString(), minutes }
    await addTimeline(trx, row.id, [
      { kind: entryKind, at: now, actor: SYSTEM_ACTOR, message: message(kind === 'breach' ? 'sla.breach' : 'sla.warning', params) },
    ])
    if (kind === 'breach') await trx.from('incidents').where('id', row.id).update({ sla_breached: true })
    return { row, text: message(kind === 'breach' ? 'sla.breach' : 'sla.warning', params) }
  })
  if (!given) return { given: false }
  const row = given.row
  // In the one envelope: the incident is the subject and the summary the timeline's own words.
  await notify(
    envelope({
      type: kind === 'breach' ? 'incident.sla_breach' : 'incident.sla_warning',
      at: job.at,
      subject: { kind: 'incident', id: row.id },
      agency_id: row.agencyId,
      priority: row.priority,
      summary: given.text,
      payload: { incident: { id: row.id, number: row.number, title: row.title, priority: row.priority, status: row.status }, clock, detail: given.text.in('en'), detail_message: { key: given.text.key, params: given.text.params } },
    })
  )
  return { given: true }
}

/** The SLA's clocks and the legal clocks of security incidents, whose alarms ride the same queue. */
const ALARM_FAMILIES = [
  { prefix: 'sla', clocks: SLA_CLOCKS },
  { prefix: 'legal', clocks: LEGAL_CLOCKS },
] as const

/** Warnings and breaches on record, by kind and clock (none given reads 0), for /metrics. */
export async function slaAlarmCounts() {
  const kinds = ALARM_FAMILIES.flatMap((f) => SLA_ALARMS.map((alarm) => `${f.prefix}_${alarm}`))
  const { rows } = await db.rawQuery(
    `SELECT kind, message->'params'->0->>'clock' AS clock, count(*)::int AS n FROM incident_timeline
     WHERE kind IN (${kinds.map(() => '?').join(', ')}) GROUP BY 1, 2`,
    kinds
  )
  const counted = new Map<string, number>(rows.map((r: { kind: string; clock: string; n: number }) => [`${r.kind}/${r.clock}`, r.n]))
  return ALARM_FAMILIES.flatMap((f) =>
    SLA_ALARMS.flatMap((alarm) => f.clocks.map((clock) => ({ kind: `${f.prefix}_${alarm}`, clock, n: counted.get(`${f.prefix}_${alarm}/${clock}`) ?? 0 })))
  )
}

/**
 * Takes SLA alarms off 'sla-clocks'. It runs in the notifications worker's process
 * (`node ace notifications:work`): every alarm ends in a notification, and that process is the
 * one the console always runs beside the server; the monitoring worker is a poll pipeline that
 * may be scaled or stopped with the network it watches.
 */
export function startSlaWorker(options: { concurrency?: number } = {}) {
  return new Worker(SLA_QUEUE, (job: Job<SlaAlarmJob>) => (isLegalAlarm(job.data) ? fireLegalAlarm(job.data) : fireSlaAlarm(job.data)), {
    connection: queueConfig.connection,
    prefix: queueConfig.prefix,
    concurrency: options.concurrency ?? 4,
  })
}
