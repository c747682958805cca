import { Readable } from 'node:stream'
import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import { stringify } from 'csv-stringify/sync'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import type User from '#app/access/user'
import { isInScope, limitToReferable, scopeCondition } from '#app/access/scope'
import { FieldError, ForbiddenError, NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { contentRange, type FilterSpec, type ListQuery } from '#app/core/list_query'
import { applyListQuery, findRow, type ResourceDefinition } from '#app/core/resource'
import { idOf, listQueryOf } from '#app/core/resource_routes'
import { messageOf } from '#app/core/timeline'
import { quoteFormula } from '#app/imports/spreadsheet_formulas'
import { incidentResource } from '#app/incidents/incident_resource'
import { actorOf } from '#app/incidents/incident_service'
import { documentRoute, idParameter, jsonAnswer, jsonBody, listOf, listParameters, orNull, pageAnswer, record, t } from '#app/platform/openapi'
import { fromReport } from '#app/security/security_event'
import { fileSecurityEvent } from '#app/security/security_service'
import { SECURITY_EVENT_ORIGINS } from '#shared/security_events'

/**
 * The security events: the list (react-admin's conventions, CSV export), one event, an
 * incident's evidence, and the liaisons' reports. A reader bound to an agency sees the events
 * that touch an agency of its scope (either end's address, a link, a system reported).
 */

const filters: FilterSpec = {
  fields: {
    origin: 'exact', kind: 'exact', source: 'exact', target: 'exact', incident_id: 'exact', severity: 'exact',
    agency_id: 'exact', first_seen: 'range', last_seen: 'range',
  },
  sortable: ['last_seen', 'first_seen', 'kind', 'source', 'target', 'severity', 'origin', 'incident_id'],
  defaultSort: ['last_seen', 'DESC'],
  types: { agency_id: 'integer' },
}
/** What q searches: the kind, both ends, the signature and the English summary. */
const search = { searchExpression: "kind || ' ' || coalesce(source, '') || ' ' || coalesce(target, '') || ' ' || coalesce(signature, '') || ' ' || summary_text" } as ResourceDefinition

/** The events a reader may see: national readers all, others those touching an agency in scope. */
function scopedEvents(user: User): DatabaseQueryBuilderContract {
  const query = db.from('security_events as e')
  if (user.isNational) return query
  const inScope = scopeCondition(user, 'a.id')
  return query.whereRaw(`EXISTS (SELECT 1 FROM unnest(e.agency_ids) AS a(id) WHERE ${inScope.sql})`, inScope.bindings)
}

function filtered(user: User, list: ListQuery) {
  const query = scopedEvents(user)
  const agencies = list.equals.find((f) => f.field === 'agency_id')
  if (agencies) query.whereRaw('e.agency_ids && ?::int[]', [`{${agencies.values.filter((v) => v !== null).join(',')}}`])
  return applyListQuery(query, search, { ...list, equals: list.equals.filter((f) => f.field !== 'agency_id') })
}

const LIST_COLUMNS = [
  'e.id', 'e.origin', 'e.kind', 'e.source', 'e.target', 'e.port', 'e.protocol', 'e.severity', 'e.signature', 'e.occurrences', 'e.flows', 'e.packets',
  'e.bytes', 'e.first_seen', 'e.last_seen', 'e.summary', 'e.summary_text', 'e.agency_ids', 'e.link_ids', 'e.device_ids', 'e.system_ids', 'e.incident_id',
  'e.received_at', 'i.number as incident_number',
]

/** A row as the API answers it: the summary worded in the reader's language, counts as numbers. */
function presented(row: Record<string, any>, locale: string) {
  const { summary, summary_text: _english, ...rest } = row
  return {
    ...rest,
    id: Number(row.id),
    flows: Number(row.flows),
    packets: Number(row.packets),
    bytes: Number(row.bytes),
    summary: messageOf(summary)?.in(locale) ?? row.summary_text,
  }
}

const withIncident = (query: DatabaseQueryBuilderContract) => query.leftJoin('incidents as i', 'i.id', 'e.incident_id')

const notFound = (ctx: HttpContext, resource: string): never => {
  throw new NotFoundError(message('record.not_found', { resource, id: ctx.params.id }))
}

const reportValidator = vine.create({
  what: vine.string().trim().minLength(3).maxLength(2000),
  noticed_at: vine.date({ formats: ['iso8601'] }),
  system_ids: vine.array(vine.number().withoutDecimals().positive().max(2147483647)).maxLength(50).distinct().optional(),
  // National writers (G-ISAC, admins) name the agency; a liaison reports for its own unless it names one below.
  agency_id: vine.number().withoutDecimals().positive().max(2147483647).optional(),
})

export const CSV_COLUMNS = [
  'id', 'origin', 'kind', 'source', 'target', 'port', 'protocol', 'severity', 'signature', 'occurrences', 'flows', 'packets', 'bytes',
  'first_seen', 'last_seen', 'summary', 'agency_ids', 'link_ids', 'device_ids', 'system_ids', 'incident_number',
]
const EXPORT_LIMIT = 100_000
const EXPORT_PAGE = 2000

const cell = (value: unknown) =>
  value === null || value === undefined ? '' : quoteFormula(value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(' ') : String(value))

/** The filtered events as CSV, page by page, every cell formula-escaped as the other exports are. */
async function* eventsCsv(user: User, list: ListQuery): AsyncGenerator<string> {
  yield '\uFEFF' + stringify([CSV_COLUMNS])
  for (let offset = 0; offset < EXPORT_LIMIT; offset += EXPORT_PAGE) {
    const rows = await withIncident(filtered(user, list))
      .orderBy(`e.${list.sort.field}`, list.sort.order)
      .orderBy('e.id', 'desc')
      .offset(offset)
      .limit(EXPORT_PAGE)
      .select(LIST_COLUMNS)
    if (!rows.length) return
    yield stringify(rows.map((r) => presented(r, user.locale)).map((r: Record<string, unknown>) => CSV_COLUMNS.map((c) => cell(r[c]))))
    if (rows.length < EXPORT_PAGE) return
  }
}

router
  .group(() => {
    router.get('/api/security_events', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'security_events', 'read')
      const list = await listQueryOf(ctx, { filters }, 'security_events')
      const [count, rows] = await Promise.all([
        filtered(user, list).count('* as n').first(),
        withIncident(filtered(user, list))
          .orderBy(`e.${list.sort.field}`, list.sort.order)
          .orderBy('e.id', 'desc')
          .offset(list.offset)
          .limit(list.limit)
          .select(LIST_COLUMNS),
      ])
      const total = Number(count?.n ?? 0)
      ctx.response.header('Content-Range', contentRange('security_events', list.offset, rows.length, total))
      ctx.response.header('X-Total-Count', String(total))
      return rows.map((r) => presented(r, user.locale))
    })

    router.get('/api/security_events/export.csv', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'security_events', 'read')
      const list = await listQueryOf(ctx, { filters }, 'security_events')
      ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
      ctx.response.header('Content-Disposition', 'attachment; filename="security_events.csv"')
      ctx.response.stream(Readable.from(eventsCsv(user, list)))
    })

    router.get('/api/security_events/:id', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'security_events', 'read')
      if (!/^\d{1,15}$/.test(ctx.params.id) || Number(ctx.params.id) <= 0) throw new FieldError('id', message('record.id_positive'))
      const row = await withIncident(scopedEvents(user))
        .where('e.id', ctx.params.id)
        .select([...LIST_COLUMNS, 'e.evidence', 'e.raw'])
        .first()
      return row ? presented(row, user.locale) : notFound(ctx, 'security_events')
    })

    // The evidence of a security incident: its events (flows and alerts behind it) and their counts.
    router.get('/api/incidents/:id/security_events', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'incidents', 'read')
      await ctx.bouncer.authorize(act, 'security_events', 'read')
      const id = await idOf(ctx, incidentResource)
      if (!(await findRow(incidentResource, user, id))) return notFound(ctx, 'incidents')
      const [counts, rows] = await Promise.all([
        db
          .from('security_events')
          .where('incident_id', id)
          .select(
            db.raw('count(*)::int AS events'),
            db.raw('coalesce(sum(occurrences), 0)::int AS occurrences'),
            db.raw('min(first_seen) AS first_seen'),
            db.raw('max(last_seen) AS last_seen'),
            db.raw('count(DISTINCT source)::int AS sources'),
            db.raw('count(DISTINCT target)::int AS targets'),
            db.raw('(SELECT count(DISTINCT a) FROM security_events s, unnest(s.agency_ids) a WHERE s.incident_id = ?)::int AS agencies', [id])
          )
          .first(),
        withIncident(db.from('security_events as e').where('e.incident_id', id))
          .orderBy('e.last_seen', 'desc')
          .orderBy('e.id', 'desc')
          .limit(200)
          .select([...LIST_COLUMNS, 'e.evidence']),
      ])
      return { counts, events: rows.map((r) => presented(r, user.locale)) }
    })

    router.post('/api/security_reports', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'security_reports', 'create')
      const input = await ctx.request.validateUsing(reportValidator, { messagesProvider: messagesFor(user.locale) })
      if (input.noticed_at.getTime() > Date.now() + 60_000) throw new FieldError('noticed_at', message('security.noticed_in_future'))
      const agencyId = input.agency_id ?? user.agencyId
      if (agencyId === null || agencyId === undefined) throw new FieldError('agency_id', message('security.agency_needed'))
      if (!(await isInScope(user, agencyId))) throw new ForbiddenError(message('scope.agency_outside', { agencyId }))
      const systemIds = input.system_ids ?? []
      const systems = systemIds.length ? await limitToReferable(db.from('information_systems').whereIn('id', systemIds), user, 'information_systems').select('id', 'agency_id') : []
      const missing = systemIds.find((s) => !systems.some((row) => Number(row.id) === s))
      if (missing !== undefined) throw new FieldError('system_ids', message('security.system_outside', { id: missing }))
      const event = fromReport({
        what: input.what, noticedAt: input.noticed_at, systemIds, reportedById: user.id,
        agencyIds: [agencyId, ...systems.map((s) => Number(s.agency_id))],
      })
      const filed = await fileSecurityEvent(event, null, actorOf(user))
      ctx.response.status(201)
      const incident = 'incidentId' in filed ? await db.from('incidents').where('id', filed.incidentId).select('id', 'number').first() : null
      return { id: 'eventId' in filed ? filed.eventId : null, incident_id: incident?.id ?? null, incident_number: incident?.number ?? null }
    })
  })
  .use(middleware.auth())

const { integer, string, timestamp } = t
const ids = listOf(integer)
const eventRow = {
  id: integer, origin: { enum: [...SECURITY_EVENT_ORIGINS] }, kind: string, source: orNull(string), target: orNull(string), port: orNull(integer),
  protocol: orNull(string), severity: { type: 'integer', minimum: 1, maximum: 4 }, signature: orNull(string), occurrences: integer, flows: integer,
  packets: integer, bytes: integer, first_seen: timestamp, last_seen: timestamp, summary: string, agency_ids: ids, link_ids: ids, device_ids: ids,
  system_ids: ids, incident_id: orNull(integer), incident_number: orNull(string), received_at: timestamp,
}
const evidence = { type: 'array', items: { type: 'object' }, description: 'up to five of the flows behind a detection (empty for sensor alerts)' }
const listFilters = 'filter fields: origin, kind, source, target, incident_id, severity, agency_id (an agency the event touches), first_seen_gte/lte, last_seen_gte/lte, q'

documentRoute('get', '/api/security_events', {
  operationId: 'listSecurityEvents', summary: `Security events newest first, those touching the reader's agencies (${listFilters})`, tags: ['security_events'],
  parameters: listParameters,
  responses: { 200: pageAnswer('a page of events', record(eventRow)) },
  errors: { 422: 'a filter, sort or range is not valid' },
})
documentRoute('get', '/api/security_events/export.csv', {
  operationId: 'exportSecurityEvents', summary: `The filtered events as CSV (at most ${EXPORT_LIMIT}), formula-escaped`, tags: ['security_events'],
  parameters: listParameters,
  responses: { 200: { description: 'CSV with a header line', content: { 'text/csv': { schema: { type: 'string' } } } } },
  errors: { 422: 'a filter is not valid' },
})
documentRoute('get', '/api/security_events/{id}', {
  operationId: 'getSecurityEvent', summary: 'One event with its evidence flows and the sensor record as received', tags: ['security_events'],
  parameters: [idParameter],
  responses: { 200: jsonAnswer('the event', record({ ...eventRow, evidence, raw: { type: ['object', 'null'] } })) },
  errors: { 404: 'no such event, or none the reader may see', 422: 'the id is not a positive integer' },
})
documentRoute('get', '/api/incidents/{id}/security_events', {
  operationId: 'getIncidentSecurityEvents', summary: "A security incident's evidence: its events, newest first (at most 200), and their counts", tags: ['security_events'],
  parameters: [idParameter],
  responses: {
    200: jsonAnswer('counts and events', record({
      counts: record({
        events: integer, occurrences: integer, first_seen: orNull(timestamp), last_seen: orNull(timestamp), sources: integer, targets: integer, agencies: integer,
      }),
      events: listOf(record({ ...eventRow, evidence })),
    })),
  },
  errors: { 404: 'no such incident, or none the reader may see', 422: 'the id is not a positive integer' },
})
documentRoute('post', '/api/security_reports', {
  operationId: 'reportSecurityIncident', summary: "An agency's report of a security incident: opens a security incident routed to G-ISAC", tags: ['security_events'],
  requestBody: jsonBody({
    type: 'object',
    required: ['what', 'noticed_at'],
    additionalProperties: false,
    properties: {
      what: { type: 'string', minLength: 3, maxLength: 2000 }, noticed_at: timestamp,
      system_ids: { ...listOf(integer), maxItems: 50, description: "information systems affected, in the writer's scope" },
      agency_id: { type: 'integer', description: "the agency affected; a liaison's own when left out" },
    },
  }),
  responses: { 201: jsonAnswer('the event and the incident opened', record({ id: orNull(integer), incident_id: orNull(integer), incident_number: orNull(string) })) },
  errors: { 403: 'the agency is outside the writer\'s scope', 422: 'a field is not valid (what, noticed_at in the future, a system outside the scope)' },
})
