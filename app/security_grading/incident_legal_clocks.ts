import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { queueAlarms, type SlaAlarmJob } from '#app/service_levels/sla_alarm_jobs'
import { alarmInstants, legalClocks, nextLegalDeadline, type LegalClock, type LegalClockTerms, type LegalFacts } from '#app/security_grading/legal_clocks'
import type { SecurityLevel } from '#shared/security_grading'
import type Incident from '#app/incidents/incident'

/**
 * The legal clocks of security incidents, from their rows and timelines: the `legal_clocks` of
 * API answers (worked out afresh for each page, in two queries) and the warnings and breaches
 * they schedule on the SLA alarms' queue.
 */

type Client = QueryClientContract | TransactionClientContract

/** What the clocks need of the incident row. */
export interface LegalSubject {
  id: number
  opened_at: Date
  aware_at: Date | null
  status: string
  security_level: SecurityLevel | null
  security_level_reviewed: boolean
  resolved_at: Date | null
  closed_at: Date | null
}

export async function legalTerms(client: Client = db.connection()): Promise<LegalClockTerms[]> {
  return client.from('legal_clock_policies').select('clock', 'unit', 'levels_1_2', 'levels_3_4', 'warning_percent')
}

const SUBJECT_COLUMNS = ['id', 'opened_at', 'aware_at', 'status', 'security_level', 'security_level_reviewed', 'resolved_at', 'closed_at'] as const

const asDate = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string))

function subjectOf(r: Record<string, any>): LegalSubject {
  return {
    id: r.id,
    opened_at: new Date(r.opened_at),
    aware_at: asDate(r.aware_at),
    status: r.status,
    security_level: r.security_level ?? null,
    security_level_reviewed: Boolean(r.security_level_reviewed),
    resolved_at: asDate(r.resolved_at),
    closed_at: asDate(r.closed_at),
  }
}

export async function subjectsOf(client: Client, ids: number[]): Promise<LegalSubject[]> {
  if (!ids.length) return []
  const rows = await client.from('incidents').whereIn('id', ids).where('type', 'security').select(...SUBJECT_COLUMNS)
  return rows.map(subjectOf)
}

/** The facts of each incident, its level changes and reports read from its timeline in one query. */
export async function factsOf(client: Client, subjects: LegalSubject[]): Promise<Map<number, LegalFacts>> {
  const entries = subjects.length
    ? await client
        .from('incident_timeline')
        .whereIn('incident_id', subjects.map((s) => s.id))
        .whereIn('kind', ['level', 'authority_report'])
        .orderBy([{ column: 'at' }, { column: 'id' }])
        .select('incident_id', 'kind', 'at', 'message')
    : []
  const byIncident = new Map<number, typeof entries>()
  for (const e of entries) byIncident.set(e.incident_id, [...(byIncident.get(e.incident_id) ?? []), e])
  return new Map(
    subjects.map((s) => {
      const own = byIncident.get(s.id) ?? []
      const levels = own.filter((e) => e.kind === 'level').map((e) => ({ at: new Date(e.at), ...e.message.params[0] }))
      const last = levels.at(-1)
      const facts: LegalFacts = {
        awareAt: s.aware_at ?? s.opened_at,
        level: s.security_level,
        levelChanges: levels.map((l) => ({ at: l.at, level: l.to })),
        reports: own.filter((e) => e.kind === 'authority_report').map((e) => ({ at: new Date(e.at), level: e.message.params[0].level })),
        reviewedAt: s.security_level_reviewed && last?.reviewed ? last.at : null,
        proposedAt: !s.security_level_reviewed && last ? last.at : null,
        recoveredAt: s.resolved_at,
        closedAt: s.status === 'closed' ? s.closed_at : null,
        cancelled: s.status === 'cancelled',
      }
      return [s.id, facts]
    })
  )
}

export async function clocksOfSubjects(client: Client, subjects: LegalSubject[], now: Date) {
  if (!subjects.length) return new Map<number, LegalClock[]>()
  const [terms, facts] = await Promise.all([legalTerms(client), factsOf(client, subjects)])
  return new Map(subjects.map((s) => [s.id, legalClocks(terms, facts.get(s.id)!, now)]))
}

const iso = (at: Date | null) => at?.toISOString() ?? null

/** A clock as the API answers it. */
export function clockAnswer(c: LegalClock) {
  return {
    clock: c.clock,
    level: c.level,
    starts_at: iso(c.starts_at),
    due_at: iso(c.due_at),
    warning_at: iso(c.warning_at),
    met_at: iso(c.met_at),
    state: c.state,
    elapsed_share: Math.round(c.elapsed_share * 10_000) / 10_000,
  }
}

/**
 * The `legal_clocks` of a page of incidents already read whole (security ones only; others are
 * absent from the map): a page with no security incident costs no statement.
 */
export async function legalClocksOfRows(rows: Array<Record<string, any>>, now = new Date()) {
  const subjects = rows.filter((r) => r.type === 'security').map(subjectOf)
  const clocks = await clocksOfSubjects(db.connection(), subjects, now)
  return new Map([...clocks].map(([id, list]) => [id, list.map(clockAnswer)]))
}

/** The alarm jobs of an incident's running clocks, on the SLA alarms' queue. */
export function legalAlarmJobs(incidentId: number, clocks: LegalClock[]): Array<SlaAlarmJob & { due: Date }> {
  return alarmInstants(clocks).map((a) => ({ incidentId, clock: `legal_${a.clock}` as const, kind: a.kind, at: a.at.toISOString(), due: a.at }))
}

/**
 * After a change to a security incident in `trx` (its timeline written): its next legal deadline
 * is stored on the row (`legal_due_at`, which the analyst's queue sorts by, as `sla_due_at` for
 * the SLA), and its warnings and breaches are set for the instants as they now stand, once the
 * change commits. A job that is no longer right does nothing when it fires (legal_alarms.ts).
 */
export async function refreshLegalAlarms(trx: TransactionClientContract, row: Incident, now = new Date()) {
  const clocks = (await clocksOfSubjects(trx, await subjectsOf(trx, [row.id]), now)).get(row.id)
  const next = clocks ? nextLegalDeadline(clocks) : null
  row.legalDueAt = next ? DateTime.fromJSDate(next) : null
  row.useTransaction(trx)
  if (row.$isDirty) await row.save()
  if (!clocks) return
  const jobs = legalAlarmJobs(row.id, clocks)
  trx.after('commit', () => queueAlarms(jobs))
}

/** Stores the next legal deadline of each incident in one statement (a policy edit, the migration's backfill). */
export async function storeLegalDeadlines(client: Client, clocks: Map<number, LegalClock[]>) {
  if (!clocks.size) return
  const values = [...clocks].map(([id, list]) => ({ id, legal_due_at: nextLegalDeadline(list)?.toISOString() ?? null }))
  await client.rawQuery(
    `UPDATE incidents i SET legal_due_at = r.legal_due_at
     FROM jsonb_to_recordset(?::jsonb) AS r(id integer, legal_due_at timestamptz)
     WHERE i.id = r.id AND i.legal_due_at IS DISTINCT FROM r.legal_due_at`,
    [JSON.stringify(values)]
  )
}

const BATCH = 500

/**
 * After an admin changes a legal clock's durations, in the same transaction: the next deadline
 * of every open security incident is stored again and its alarms are set for the new instants
 * (in batches of BATCH by id), once the change commits. The clocks themselves are never stored.
 */
export async function rescheduleOpenLegalAlarms(trx: TransactionClientContract, now = new Date()) {
  let after = 0
  const jobs: Array<SlaAlarmJob & { due: Date }> = []
  for (;;) {
    const ids: number[] = (
      await trx.from('incidents').where('type', 'security').whereNotIn('status', ['closed', 'cancelled']).where('id', '>', after).orderBy('id').limit(BATCH).select('id')
    ).map((r) => r.id)
    if (!ids.length) break
    const clocks = await clocksOfSubjects(trx, await subjectsOf(trx, ids), now)
    await storeLegalDeadlines(trx, clocks)
    for (const [id, list] of clocks) jobs.push(...legalAlarmJobs(id, list))
    after = ids.at(-1)!
  }
  trx.after('commit', () => queueAlarms(jobs))
  return jobs.length
}
