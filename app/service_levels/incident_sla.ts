import { DateTime } from 'luxon'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Incident from '#app/incidents/incident'
import type { IncidentStatus, IncidentType } from '#app/incidents/incident_workflow'
import { slaClock, type Priority, type SlaState, type StatusChange } from '#app/service_levels/sla_clock'
import { currentTerms, forgetTerms, loadTerms, type PolicyTerms, type ServiceTerms } from '#app/service_levels/sla_terms'
import { scheduleAlarms } from '#app/service_levels/sla_alarm_jobs'

/**
 * The SLA clock of incidents, from their status history in the timeline ('opened' and 'moved'
 * entries) and the policy of their type and priority. The API's `sla` is worked out afresh for
 * each page; what queues sort and filter on is stored on the incident row at each change.
 */

type Client = QueryClientContract | TransactionClientContract
export type IncidentClock = SlaState<PolicyTerms>

/** What the clock needs of the incident itself. */
export interface ClockSubject {
  id: number
  type: IncidentType
  priority: Priority
  opened_at: Date
  status: IncidentStatus
}

/** The status changes of each incident, in one query for them all. */
async function historiesOf(client: Client, ids: number[]) {
  const rows = await client
    .from('incident_timeline')
    .whereIn('incident_id', ids)
    .whereIn('kind', ['opened', 'moved'])
    .whereNotNull('to_status')
    // Moves made at one instant (assigned and started together) count in the order they were made.
    .orderBy([{ column: 'at' }, { column: 'id' }])
    .select('incident_id', 'at', 'to_status')
  const histories = new Map<number, StatusChange[]>(ids.map((id) => [id, []]))
  for (const r of rows) histories.get(r.incident_id)?.push({ at: new Date(r.at), to: r.to_status })
  return histories
}

/** The clock of one incident, or null when no policy covers its type and priority. */
function clockOf(terms: ServiceTerms, subject: ClockSubject, changes: StatusChange[], now: Date): IncidentClock | null {
  const policy = terms.policyOf(subject.type, subject.priority)
  if (!policy) return null
  return slaClock(policy, terms.business, { openedAt: subject.opened_at, changes }, now)
}

export async function clocksOf(client: Client, terms: ServiceTerms, subjects: ClockSubject[], now: Date) {
  const histories = subjects.length ? await historiesOf(client, subjects.map((s) => s.id)) : new Map()
  return new Map(subjects.map((s) => [s.id, clockOf(terms, s, histories.get(s.id) ?? [], now)]))
}

const iso = (at: Date | null) => at?.toISOString() ?? null
const share = (n: number) => Math.round(n * 10_000) / 10_000

/** The `sla` of an incident in API answers. */
export function slaAnswer(clock: IncidentClock | null) {
  if (!clock) return null
  const p = clock.policy
  return {
    policy: { id: p.id, type: p.type, priority: p.priority, respond_minutes: p.respondMinutes, resolve_minutes: p.resolveMinutes, calendar: p.calendar },
    respond_due_at: iso(clock.respond_due_at),
    resolve_due_at: iso(clock.resolve_due_at),
    responded_at: iso(clock.responded_at),
    resolved_at: iso(clock.resolved_at),
    paused: clock.paused,
    respond_breached: clock.respond_breached,
    resolve_breached: clock.resolve_breached,
    respond_elapsed_share: share(clock.respond_elapsed_share),
    resolve_elapsed_share: share(clock.resolve_elapsed_share),
  }
}

/** The `sla` of a page of incidents read with their status moves (in the order made), the terms from memory. */
export async function slaOfPage(subjects: Array<ClockSubject & { changes: StatusChange[] }>, now = new Date()) {
  const terms = await currentTerms()
  return new Map(subjects.map((s) => [s.id, slaAnswer(clockOf(terms, s, s.changes, now))]))
}

/**
 * What is stored on the row: the due instants as they stand, and the next breach of a running
 * clock (the earlier of the two; none while paused or stopped), which queues sort by.
 */
export function storedSla(clock: SlaState | null) {
  const running = [clock?.respond_breach_at, clock?.resolve_breach_at].filter((d): d is Date => Boolean(d))
  return {
    respond_due_at: clock?.respond_due_at ?? null,
    resolve_due_at: clock?.resolve_due_at ?? null,
    sla_due_at: running.length ? new Date(Math.min(...running.map((d) => d.getTime()))) : null,
    sla_paused: clock?.paused ?? false,
    sla_breached: clock ? clock.respond_breached || clock.resolve_breached : false,
  }
}

const subjectOf = (row: Incident): ClockSubject => ({
  id: row.id, type: row.type, priority: row.priority, opened_at: row.openedAt.toJSDate(), status: row.status,
})

/** Alarms are scheduled once the change is committed, so a job due at once reads it. */
function alarmsAfterCommit(trx: TransactionClientContract, clocks: Map<number, IncidentClock | null>) {
  trx.after('commit', () => scheduleAlarms(clocks))
}

/**
 * Brings an incident's stored clock up to date after a change saved in `trx` (its timeline
 * entries written), and schedules its warning and breach. `at` is when the change happened: a
 * history replayed later than now (the demo, tests) is read as of the later of the two.
 */
export async function refreshSla(trx: TransactionClientContract, row: Incident, at: Date) {
  const now = new Date(Math.max(Date.now(), at.getTime()))
  const clocks = await clocksOf(trx, await currentTerms(trx), [subjectOf(row)], now)
  const stored = storedSla(clocks.get(row.id)!)
  const toDateTime = (d: Date | null) => (d ? DateTime.fromJSDate(d) : null)
  row.merge({
    respondDueAt: toDateTime(stored.respond_due_at),
    resolveDueAt: toDateTime(stored.resolve_due_at),
    slaDueAt: toDateTime(stored.sla_due_at),
    slaPaused: stored.sla_paused,
    slaBreached: stored.sla_breached,
  })
  row.useTransaction(trx)
  if (row.$isDirty) await row.save()
  alarmsAfterCommit(trx, clocks)
}

/** Which incidents a change of terms reaches: a policy's type and priority, or the office calendar. */
export type TermsChange = { policies: Array<{ type: IncidentType; priority: Priority }> } | { calendar: true }

const BATCH = 500

/**
 * After an admin changes a policy or the office calendar, in the same transaction: the stored
 * clocks of the incidents it reaches that may still count (closed and cancelled ones never do),
 * in batches of BATCH rows by id, each batch one read of histories and one UPDATE.
 */
export async function refreshOpenIncidents(trx: TransactionClientContract, change: TermsChange, now = new Date()) {
  const terms = await loadTerms(trx)
  let after = 0
  let count = 0
  for (;;) {
    const query = trx
      .from('incidents')
      .whereNotIn('status', ['closed', 'cancelled'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'type', 'priority', 'opened_at', 'status')
    if ('calendar' in change) {
      query.whereExists((q) => q.from('sla_policies as p').whereRaw('p.type = incidents.type AND p.priority = incidents.priority').where('p.calendar', 'business'))
    } else {
      query.where((q) => {
        for (const p of change.policies) q.orWhere({ type: p.type, priority: p.priority })
      })
    }
    const rows: ClockSubject[] = (await query).map((r) => ({ ...r, opened_at: new Date(r.opened_at) }))
    if (!rows.length) return count
    const clocks = await clocksOf(trx, terms, rows, now)
    const values = rows.map((r) => ({ id: r.id, ...storedSla(clocks.get(r.id)!) }))
    await trx.rawQuery(
      `UPDATE incidents i SET respond_due_at = r.respond_due_at, resolve_due_at = r.resolve_due_at,
         sla_due_at = r.sla_due_at, sla_paused = r.sla_paused, sla_breached = r.sla_breached
       FROM jsonb_to_recordset(?::jsonb) AS r(id integer, respond_due_at timestamptz, resolve_due_at timestamptz,
         sla_due_at timestamptz, sla_paused boolean, sla_breached boolean)
       WHERE i.id = r.id`,
      [JSON.stringify(values)]
    )
    alarmsAfterCommit(trx, clocks)
    after = rows.at(-1)!.id
    count += rows.length
  }
}

/**
 * An admin changed the terms in `trx`: the incidents they reach are worked out again with the
 * change, and this process forgets its copy of the terms once the change is committed.
 */
export async function termsChanged(trx: TransactionClientContract, change: TermsChange) {
  await refreshOpenIncidents(trx, change)
  trx.after('commit', forgetTerms)
}
