import { recordEventSighting } from '#app/indicators/indicator_service'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import securityEventsConfig from '#config/security_events'
import { SYSTEM_ACTOR, type Actor } from '#app/audit/audit_log'
import { message, type Message } from '#app/core/messages'
import type { Enricher } from '#app/flows/enrichment'
import type Incident from '#app/incidents/incident'
import { addTimeline } from '#app/incidents/incident_timeline'
import { presumedAssessment } from '#app/security/presumed_assessment'
import { proposeOnOpening } from '#app/security_grading/security_grading_service'
import { announceOpened, attachItems, OPEN_STATUSES, openIncident, type NewIncident } from '#app/incidents/incident_service'
import { envelope } from '#app/notifications/events'
import { headlineTitleOf } from '#app/notifications/event_messages'
import { announceOnCommit } from '#app/monitoring/events_outbox'
import { joinsAttack, priorityOfSeverity, timelineDue, type SecurityEventInput } from '#app/security/security_event'

/**
 * Security events into security incidents: each event stored once, placed on the agencies,
 * links and devices its addresses belong to, and grouped into ONE security incident per attack
 * (same kind, same source or same target, within the window of config/security_events.ts),
 * opened and grown through the one incident service. The queue worker, the liaisons' report
 * route and the tests all come here.
 */

export type Outcome = { outcome: 'opened' | 'joined'; eventId: number; incidentId: number } | { outcome: 'duplicate' } | { outcome: 'unplaced'; eventId: number }

/** Addresses of the event's two ends that name a host (a sweep's target is "*:445/tcp"). */
const hostEnds = (e: SecurityEventInput) => [e.target, e.source].filter((a): a is string => a !== null && !a.startsWith('*'))

/** Adds what the inventory says of the event's addresses to what its producer knew. */
export function place(event: SecurityEventInput, enricher: Enricher | null): SecurityEventInput {
  if (!enricher) return event
  const agencies = new Set(event.agencyIds)
  const devices = new Set(event.deviceIds)
  for (const address of hostEnds(event)) {
    const agency = enricher.agencyOf(address)
    if (agency !== null) agencies.add(agency)
    const device = enricher.deviceOf(address)
    if (device !== null) devices.add(device)
  }
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b)
  return { ...event, agencyIds: sorted(agencies), deviceIds: sorted(devices) }
}

/**
 * The agency an incident is filed under: the attacked end's (the target, else the source,
 * else the first the event touches). The incident lists every agency the events name.
 */
function owningAgency(event: SecurityEventInput, enricher: Enricher | null) {
  for (const address of hostEnds(event)) {
    const agency = enricher?.agencyOf(address)
    if (agency !== null && agency !== undefined) return agency
  }
  return event.agencyIds[0] ?? null
}

const itemsOf = (e: SecurityEventInput): NewIncident['items'] => [
  ...e.linkIds.map((id) => ({ item_type: 'link' as const, item_id: id })),
  ...e.deviceIds.map((id) => ({ item_type: 'device' as const, item_id: id })),
  ...e.systemIds.map((id) => ({ item_type: 'information_system' as const, item_id: id })),
]

async function insertEvent(trx: TransactionClientContract, e: SecurityEventInput): Promise<number | null> {
  const rows = await trx
    .knexQuery()
    .table('security_events')
    .insert({
      event_key: e.key, origin: e.origin, kind: e.kind.slice(0, 200), source: e.source?.slice(0, 100) ?? null, target: e.target?.slice(0, 100) ?? null,
      port: e.port, protocol: e.protocol?.slice(0, 16) ?? null, severity: e.severity, signature: e.signature?.slice(0, 300) ?? null,
      occurrences: e.occurrences, flows: e.flows, packets: e.packets, bytes: e.bytes, first_seen: e.firstSeen, last_seen: e.lastSeen,
      evidence: JSON.stringify(e.evidence), raw: e.raw === null ? null : JSON.stringify(e.raw), summary: JSON.stringify(e.summary),
      summary_text: summaryText(e), agency_ids: e.agencyIds, link_ids: e.linkIds, device_ids: e.deviceIds, system_ids: e.systemIds,
      reported_by_id: e.reportedById,
    })
    .onConflict('event_key')
    .ignore()
    .returning('id')
  return rows.length ? Number(rows[0].id) : null
}

const summaryText = (e: SecurityEventInput) => message(e.summary.key, ...e.summary.params).in('en')

/** The open security incident this event's attack already has, if any. */
async function openAttackOf(trx: TransactionClientContract, e: SecurityEventInput, eventId: number) {
  if (e.origin === 'manual' || (e.source === null && e.target === null)) return null
  const window = securityEventsConfig.groupWindowSeconds
  const at = new Date(e.lastSeen)
  const { rows } = await trx.rawQuery(
    `SELECT e.incident_id, e.kind, e.source, e.target, e.last_seen
       FROM security_events e JOIN incidents i ON i.id = e.incident_id
      WHERE e.kind = ? AND (e.source = ? OR e.target = ?) AND e.id <> ?
        AND e.last_seen BETWEEN ? AND ? AND i.type = 'security' AND i.status = ANY(?)
      ORDER BY e.last_seen DESC LIMIT 20`,
    [e.kind, e.source, e.target, eventId, new Date(at.getTime() - window * 1000), new Date(at.getTime() + window * 1000), [...OPEN_STATUSES]] as any[]
  )
  const attack = rows
    .map((r: any) => ({ incidentId: Number(r.incident_id), kind: r.kind, source: r.source, target: r.target, lastSeen: new Date(r.last_seen) }))
    .find((a: any) => joinsAttack(e, a, window))
  return attack ?? null
}

/** The incident's title and description, as messages worded for each reader. */
function textsOf(e: SecurityEventInput, systems: string[]): { title: Message; description: Message } {
  if (e.origin === 'manual') {
    const what = String(e.raw?.what ?? '')
    return {
      title: message('security.report_title', { what }),
      description: message('security.report_description', { what, noticedAt: e.firstSeen, systems }),
    }
  }
  const ends = { kind: e.kind, source: e.source, target: e.target }
  return {
    title: message('security.incident_title', ends),
    description: message('security.incident_description', { ...ends, origin: e.origin, firstSeen: e.firstSeen, agencies: e.agencyIds.length }),
  }
}

/**
 * A growing attack's incident: the event's items added, and at most one timeline entry per
 * period naming how many events arrived since the last one, announced to its subscribers.
 */
async function grow(trx: TransactionClientContract, incidentId: number, e: SecurityEventInput) {
  await attachItems(trx, incidentId, itemsOf(e))
  const last = await trx
    .from('incident_timeline')
    .where('incident_id', incidentId)
    .whereIn('kind', ['security', 'opened'])
    .orderBy('at', 'desc')
    .select('at')
    .first()
  const now = new Date()
  if (!timelineDue(last ? new Date(last.at) : null, now, securityEventsConfig.timelineEverySeconds)) return
  const counts = await trx
    .from('security_events')
    .where('incident_id', incidentId)
    .select(
      db.raw('count(*)::int AS total'),
      db.raw('count(*) FILTER (WHERE received_at > ?)::int AS since', [last ? new Date(last.at) : new Date(0)]),
      db.raw('max(last_seen) AS last_seen')
    )
    .first()
  const grown = message('security.timeline_grown', { events: counts.since, total: counts.total, lastSeen: new Date(counts.last_seen).toISOString() })
  await addTimeline(trx, incidentId, [{ kind: 'security', at: now, actor: SYSTEM_ACTOR, message: grown }])
  const incident = await trx.from('incidents').where('id', incidentId).select('id', 'number', 'title', 'texts', 'priority', 'status', 'agency_id').first()
  await announceOnCommit(trx, [
    envelope({
      type: 'incident.noted',
      at: now,
      subject: { kind: 'incident', id: incidentId },
      agency_id: incident.agency_id,
      priority: incident.priority,
      summary: message('events.incident', { type: 'incident.noted', number: incident.number, title: headlineTitleOf(incident), status: incident.status, assignee: null }),
      payload: { incident: { id: incident.id, number: incident.number, title: incident.title, priority: incident.priority, status: incident.status }, detail: grown.in('en'), detail_message: { key: grown.key, params: grown.params } },
    }),
  ])
}

/**
 * Stores one event and files it: joined to its attack's open incident, or a new security
 * incident opened through the incident service (routed to G-ISAC by the routing rules), or,
 * touching no agency, kept without one. Events of one kind are filed one at a time (an advisory
 * lock held to the commit), so two workers never open two incidents for one attack. The same
 * event (same key) a second time changes nothing.
 */
/** A detection of traffic with an indicator is a sighting of that indicator, tied to its event and incident. */
async function recordIndicatorHit(trx: TransactionClientContract, event: SecurityEventInput, eventId: number, incidentId: number | null, agencyId: number | null) {
  if (event.origin !== 'detection' || event.kind !== 'indicator') return
  const indicatorId = Number((event.raw as { detail?: { indicator_id?: unknown } } | null)?.detail?.indicator_id)
  if (!Number.isSafeInteger(indicatorId) || indicatorId <= 0) return
  await recordEventSighting(trx, { indicatorId, eventId, incidentId, agencyId, seenAt: new Date(event.lastSeen) })
}

export async function fileSecurityEvent(input: SecurityEventInput, enricher: Enricher | null, actor: Actor = SYSTEM_ACTOR): Promise<Outcome & { incident?: Incident }> {
  const event = place(input, enricher)
  return db.transaction(async (trx) => {
    await trx.rawQuery('SELECT pg_advisory_xact_lock(hashtext(?))', [`security-events:${event.kind}`])
    const eventId = await insertEvent(trx, event)
    if (eventId === null) return { outcome: 'duplicate' as const }
    const attack = await openAttackOf(trx, event, eventId)
    if (attack) {
      await trx.from('security_events').where('id', eventId).update({ incident_id: attack.incidentId })
      await grow(trx, attack.incidentId, event)
      await recordIndicatorHit(trx, event, eventId, attack.incidentId, owningAgency(event, enricher))
      return { outcome: 'joined' as const, eventId, incidentId: attack.incidentId }
    }
    const agencyId = owningAgency(event, enricher)
    if (agencyId === null) {
      await recordIndicatorHit(trx, event, eventId, null, null)
      return { outcome: 'unplaced' as const, eventId }
    }
    const systems = event.systemIds.length
      ? (await trx.from('information_systems').whereIn('id', event.systemIds).orderBy('id').select('code', 'name')).map((s) => `${s.code} ${s.name}`)
      : []
    const { title, description } = textsOf(event, systems)
    const incident = await openIncident(
      trx,
      { title, description, type: 'security', agencyId, priority: priorityOfSeverity(event.severity), items: itemsOf(event), at: new Date() },
      actor
    )
    await trx.from('security_events').where('id', eventId).update({ incident_id: incident.id })
    await recordIndicatorHit(trx, event, eventId, incident.id, agencyId)
    // A proposed level from the first minute: the analyst confirms or raises it (presumed_assessment.ts).
    const core = event.systemIds.length > 0 && Boolean(await trx.from('information_systems').whereIn('id', event.systemIds).where('core', true).first())
    const assessment = presumedAssessment(event, core)
    if (assessment) await proposeOnOpening(trx, incident, assessment, event.origin === 'detection' ? event.kind : 'alert', new Date())
    await announceOpened(trx, incident)
    return { outcome: 'opened' as const, eventId, incidentId: incident.id, incident }
  })
}
