import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import type User from '#app/access/user'
import { FieldError } from '#app/core/errors'
import { Message, message, textIn } from '#app/core/messages'
import { actorOf, applyListQuery, type ResourceDefinition } from '#app/core/resource'
import type { ListQuery } from '#app/core/list_query'
import { saveRow, WritePipeline } from '#app/core/write_pipeline'
import { isInScope } from '#app/access/scope'
import { recordAudit } from '#app/audit/audit_log'
import { findForUpdate } from '#app/incidents/incident_service'
import { addTimeline } from '#app/incidents/incident_timeline'
import type { Indicator } from '#app/indicators/indicator'
import { indicators as indicatorRegistration } from '#app/indicators/indicator_resource'
import { scopeIndicators } from '#app/indicators/indicator_scope'
import { ADDRESS_TYPES, normaliseValue } from '#app/indicators/indicator_values'
import type { Incoming, Skipped } from '#app/indicators/exchange'
import type { Publishable } from '#app/indicators/stix'
import type { Channel, Tlp } from '#app/indicators/visibility'
import type { FlowIndicator } from '#app/detections/exposure'

/**
 * The indicator actions every route, importer and worker calls: the rows a reader may have
 * through a channel, an import through the one write pipeline, the flow loader and the retro-hunt.
 */

const def = indicatorRegistration.definition as ResourceDefinition

/** The most one export, feed or TAXII page holds. */
export const EXPORT_LIMIT = 50_000

export interface IndicatorRow {
  id: number
  stix_id: string
  type: Publishable['type']
  value: string
  tlp: Tlp
  confidence: number
  description: string | null
  source_agency_id: number | null
  source_agency_name: string | null
  sharing_group_id: number | null
  first_seen_at: Date | null
  last_seen_at: Date | null
  expires_at: Date | null
  created_at: Date
  updated_at: Date
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export function publishable(row: IndicatorRow): Publishable {
  return {
    stixId: row.stix_id,
    type: row.type,
    value: row.value,
    tlp: row.tlp,
    confidence: row.confidence,
    description: row.description,
    sourceAgency: row.source_agency_id === null ? null : { id: row.source_agency_id, name: row.source_agency_name ?? String(row.source_agency_id) },
    firstSeenAt: iso(row.first_seen_at),
    lastSeenAt: iso(row.last_seen_at),
    expiresAt: iso(row.expires_at),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  }
}

/** The base query of the indicators `user` may have through `channel`, with the source agency's name. */
export function readable(user: User, channel: Channel, options: { activeOnly?: boolean } = {}) {
  const query = db
    .from('indicators')
    .select('indicators.*', db.raw('(SELECT name FROM agencies a WHERE a.id = indicators.source_agency_id) AS source_agency_name'))
  scopeIndicators(query, user, channel)
  if (options.activeOnly) query.where((q) => q.whereNull('indicators.expires_at').orWhere('indicators.expires_at', '>', new Date()))
  return query
}

/** The indicators a list's filters select, for a file or feed (never RED: see visibility.ts). */
export async function selectForDistribution(user: User, list: ListQuery, options: { activeOnly?: boolean } = {}): Promise<IndicatorRow[]> {
  const query = applyListQuery(readable(user, 'distribute', options), def, list)
  return (await query.orderBy('indicators.id', 'asc').limit(EXPORT_LIMIT)) as IndicatorRow[]
}

export interface ImportOutcome {
  created: number
  updated: number
  unchanged: number
  skipped: Array<Skipped & { message: string }>
}

/** How a passed-over object is told, in the reader's language. */
export function skippedIn(skip: Skipped, locale: string) {
  return { ...skip, message: textIn(message('indicators.import_skipped', { path: skip.path, reason: skip.reason, detail: skip.detail ?? null }), locale) }
}

/**
 * Writes what a document held, one indicator at a time through the write pipeline (validation,
 * normalisation, the scope of the source agency, audit), as the form does. An indicator already
 * held under the same STIX id and publisher is updated; one the same publisher holds for the same
 * audience is unchanged; anything the pipeline refuses is passed over with its reason.
 */
export async function importIndicators(
  user: User,
  incoming: Incoming[],
  skipped: Skipped[],
  options: { defaultTlp: Tlp; sharingGroupId: number | null }
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { created: 0, updated: 0, unchanged: 0, skipped: skipped.map((s) => skippedIn(s, user.locale)) }
  const source = user.agencyId
  for (const item of incoming) {
    const body: Record<string, unknown> = {
      type: item.type,
      value: item.value,
      tlp: item.tlp ?? options.defaultTlp,
      confidence: item.confidence ?? 50,
      description: item.description,
      first_seen_at: item.firstSeenAt,
      last_seen_at: item.lastSeenAt,
      expires_at: item.expiresAt,
      sharing_group_id: options.sharingGroupId,
      source_agency_id: source,
    }
    if (item.stixId) body.stix_id = item.stixId
    const held = item.stixId
      ? await readable(user, 'view').where('indicators.stix_id', item.stixId).whereRaw('indicators.source_agency_id IS NOT DISTINCT FROM ?::int', [source as any]).first()
      : null
    if (held) {
      // What the document does not say about an indicator already held is left as it is.
      if (item.confidence === null) delete body.confidence
      for (const key of ['description', 'first_seen_at', 'last_seen_at', 'expires_at']) if (body[key] === null) delete body[key]
    }
    try {
      const saved = await saveRow(def, user, held ? held.id : null, body)
      // A save with nothing changed writes nothing (Lucid saves only what is dirty).
      if (!held) outcome.created++
      else if ((saved as any)?.updatedAt?.toMillis() === new Date(held.updated_at).getTime()) outcome.unchanged++
      else outcome.updated++
    } catch (error) {
      // The same indicator for the same audience is already held: nothing to write.
      if (error instanceof FieldError && error.field === 'value' && error.text instanceof Message && error.text.key === 'indicators.duplicate') {
        outcome.unchanged++
        continue
      }
      const refused = (field: string, text: string) =>
        outcome.skipped.push({ path: item.path, reason: 'refused', detail: field, message: textIn(message('indicators.import_refused', { path: item.path, field, text }), user.locale) })
      if (error instanceof vineErrors.E_VALIDATION_ERROR) for (const m of error.messages as Array<{ field: string; message: string }>) refused(m.field, m.message)
      else if (error instanceof FieldError) refused(error.field, error.errorsIn(user.locale)[0].message)
      else throw error
    }
  }
  return outcome
}

/** The indicators the flow engine matches (DetectionEngine.setIndicators): addresses and prefixes in force. */
export async function flowIndicators(now = new Date()): Promise<FlowIndicator[]> {
  // The engine is the G-ISAC's: it matches what a G-ISAC analyst may have in a feed, so an
  // agency's AMBER+STRICT or RED never turns into a detection national analysts read.
  const isac = { role: 'analyst', agencyId: null, isNational: true } as User
  const query = db.from('indicators').select('id', 'value').whereIn('type', [...ADDRESS_TYPES])
    .where((q) => q.whereNull('expires_at').orWhere('expires_at', '>', now))
  scopeIndicators(query, isac, 'distribute')
  const rows = await query.orderBy('id')
  return rows.map((r) => ({ id: String(r.id), value: r.value as string }))
}

/**
 * A live hit of the flow rules on an indicator (filed by security:work): one sighting, naming the
 * security event and the incident it joined, in the agency whose host talked to the indicator.
 * An indicator deleted since the flow was seen leaves nothing to sight.
 */
export async function recordEventSighting(
  trx: TransactionClientContract,
  hit: { indicatorId: number; eventId: number; incidentId: number | null; agencyId: number | null; seenAt: Date }
) {
  if (!(await trx.from('indicators').where('id', hit.indicatorId).select('id').first())) return
  await trx.table('indicator_sightings').insert({
    indicator_id: hit.indicatorId,
    agency_id: hit.agencyId,
    source: 'event',
    security_event_id: hit.eventId,
    incident_id: hit.incidentId,
    seen_at: hit.seenAt,
  })
}

export const RETRO_HUNT_DAYS = 7
export const RETRO_HUNT_MAX_DAYS = 90
/** At most this many flows become sightings per hunt: a busy prefix is named, not copied out. */
export const RETRO_HUNT_LIMIT = 10_000

/**
 * Matches one address or prefix indicator against the stored flows of the last `days` days
 * (app/flows' PostgreSQL store), each flow a sighting in the agency whose host talked to it. A
 * flow already sighted (a hunt run twice) is not counted again. Other types match no flow.
 */
export async function retroHunt(indicatorId: number, days = RETRO_HUNT_DAYS, now = new Date()): Promise<{ flows: number; sightings: number }> {
  const indicator = await db.from('indicators').where('id', indicatorId).first()
  if (!indicator || !ADDRESS_TYPES.includes(indicator.type)) return { flows: 0, sightings: 0 }
  const since = new Date(now.getTime() - days * 86_400_000)
  const result = await db.rawQuery(
    `WITH hits AS (
       SELECT first_at, last_at, src_addr, dst_addr, src_port, dst_port, protocol,
              CASE WHEN dst_addr <<= ?::inet THEN src_agency_id ELSE dst_agency_id END AS agency_id
       FROM flows
       WHERE first_at >= ? AND first_at <= ? AND (src_addr <<= ?::inet OR dst_addr <<= ?::inet)
       ORDER BY first_at DESC
       LIMIT ?
     ), stored AS (
       INSERT INTO indicator_sightings
         (indicator_id, agency_id, source, flow_first_at, src_addr, dst_addr, src_port, dst_port, protocol, seen_at, count, created_at, updated_at)
       SELECT ?, h.agency_id, 'retro_hunt', h.first_at, h.src_addr, h.dst_addr, h.src_port, h.dst_port, h.protocol, h.last_at, 1, now(), now()
       FROM hits h
       ON CONFLICT (indicator_id, flow_first_at, src_addr, dst_addr, src_port, dst_port, protocol) WHERE flow_first_at IS NOT NULL DO NOTHING
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM hits) AS flows, (SELECT count(*) FROM stored) AS sightings`,
    [indicator.value, since, now, indicator.value, indicator.value, RETRO_HUNT_LIMIT, indicatorId]
  )
  const row = result.rows[0]
  return { flows: Number(row.flows), sightings: Number(row.sightings) }
}

export interface AttackerPublication {
  value: string
  tlp: Tlp
  sharing_group_id: number | null
  confidence?: number
  expires_at?: Date | null
  description?: string | null
}

/**
 * Publishes an attacker of a security incident (a source address of its evidence) as an
 * indicator, through the same write pipeline as the form (validation, the writer's scope and
 * groups, audit), with a sighting (`incident`) tying it back to the incident and an `indicator`
 * entry on the incident's timeline, all in one transaction. The value must be a source of the
 * incident's events: anything else is published with the ordinary form. Null when the incident
 * is not one the user may see (answered as missing).
 */
export async function publishAttacker(user: User, incidentId: number, input: AttackerPublication) {
  const incident = await db.from('incidents').where('id', incidentId).select('id', 'type', 'agency_id').first()
  if (!incident || !(await isInScope(user, incident.agency_id))) return null
  if (incident.type !== 'security') throw new FieldError('value', message('indicators.not_security_incident'))
  const type = input.value.includes(':') ? 'ipv6' : 'ipv4'
  const checked = normaliseValue(type, input.value)
  if (!checked.ok) throw new FieldError('value', message('indicators.value_not_of_type', { type }))
  // The incident's sources, as each producer wrote them: compared in one spelling.
  const sources = await db.from('security_events').where('incident_id', incidentId).whereNotNull('source')
    .groupBy('source').select('source', db.raw('sum(occurrences)::int AS occurrences'), db.raw('min(first_seen) AS first_seen'), db.raw('max(last_seen) AS last_seen'))
  const seen = sources.filter((s) => {
    const spelled = normaliseValue(s.source.includes(':') ? 'ipv6' : 'ipv4', s.source)
    return spelled.ok && spelled.value === checked.value
  })
  if (!seen.length) throw new FieldError('value', message('indicators.not_in_evidence', { value: checked.value }))
  const firstSeen = new Date(Math.min(...seen.map((s) => new Date(s.first_seen).getTime())))
  const lastSeen = new Date(Math.max(...seen.map((s) => new Date(s.last_seen).getTime())))
  const occurrences = seen.reduce((n, s) => n + Number(s.occurrences), 0)

  const pipeline = await WritePipeline.of(def, user)
  pipeline.authorise('create')
  const write = pipeline.begin(null)
  await pipeline.validate(write, {
    type,
    value: checked.value,
    tlp: input.tlp,
    sharing_group_id: input.sharing_group_id,
    confidence: input.confidence ?? 80,
    description: input.description ?? null,
    first_seen_at: firstSeen.toISOString(),
    last_seen_at: lastSeen.toISOString(),
    expires_at: input.expires_at ? input.expires_at.toISOString() : null,
  })
  return db.transaction(async (trx) => {
    // The incident's lock, as every change to it takes: its timeline gains an entry.
    const row = await findForUpdate(trx, incidentId)
    if (!row) return null
    write.row.useTransaction(trx)
    await pipeline.prepare(trx, write)
    await pipeline.saveOne(trx, write)
    const indicator = write.row as unknown as Indicator
    const [sighting] = await trx.table('indicator_sightings').insert({
      indicator_id: indicator.id,
      agency_id: row.agencyId,
      source: 'incident',
      incident_id: row.id,
      src_addr: checked.value,
      seen_at: lastSeen,
      count: occurrences,
      created_at: new Date(),
      updated_at: new Date(),
    }).returning('*')
    const group = indicator.sharingGroupId ? await trx.from('sharing_groups').where('id', indicator.sharingGroupId).select('name').first() : null
    const at = new Date()
    const actor = actorOf(user)
    await addTimeline(trx, row.id, [{
      kind: 'indicator', at, actor,
      message: message('indicators.timeline_published', { id: indicator.id, value: indicator.value, tlp: indicator.tlp, group: group?.name ?? null }),
    }])
    // The row as JSON (times as text, the bigint id as a number), as every audit entry holds it.
    const after = JSON.parse(JSON.stringify({ ...sighting, id: Number(sighting.id) })) as Record<string, unknown>
    await recordAudit(trx, actor, [{ action: 'create', entity: 'indicator_sightings', entityId: Number(sighting.id), before: null, after }])
    return { indicator, sightingId: Number(sighting.id) }
  })
}
