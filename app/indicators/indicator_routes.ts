import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { randomUUID } from 'node:crypto'
import { stringify } from 'csv-stringify/sync'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { findRow, present } from '#app/core/resource'
import { idOf, listQueryOf, notFound } from '#app/core/resource_routes'
import { quoteFormula } from '#app/imports/spreadsheet_formulas'
import { indicators } from '#app/indicators/indicator_resource'
import { MalformedDocument, isObject } from '#app/indicators/exchange'
import { incidentResource } from '#app/incidents/incident_resource'
import { importIndicators, publishAttacker, publishable, retroHunt, RETRO_HUNT_DAYS, RETRO_HUNT_MAX_DAYS, selectForDistribution } from '#app/indicators/indicator_service'
import { readMispEvent, mispEvent } from '#app/indicators/misp'
import { readStixBundle, stixBundle } from '#app/indicators/stix'
import { readFeed } from '#app/indicators/feed'
import { TLPS } from '#app/indicators/visibility'
import { documentRoute, jsonAnswer, jsonBody, listOf, record, t } from '#app/platform/openapi'
// The TAXII 2.1 server: the same indicators, pulled by the agencies' tools (its own protocol, its own folder).
import '#app/indicators/taxii/taxii_routes'

/**
 * Indicators leaving and entering the console: plain feeds (one value a line, CSV), STIX 2.1
 * bundles and MISP events, each of the list's own filters, and the import of either. Every file
 * holds only what the reader may have outside the console (visibility.ts: never TLP:RED).
 */
const def = indicators.definition

async function selection(ctx: HttpContext, activeOnly: boolean) {
  await ctx.bouncer.authorize(act, 'indicators', 'read')
  const list = await listQueryOf(ctx, def, def.model.table)
  return selectForDistribution(ctx.auth.user!, list, { activeOnly })
}

const importOptions = vine.create({
  format: vine.enum(['stix', 'misp', 'feed']).optional(),
  tlp: vine.enum(TLPS).optional(),
  sharing_group_id: vine.number().withoutDecimals().positive().max(2147483647).optional(),
})

/** Publishing an attacker of a security incident: the marking defaults to AMBER, the G-ISAC's usual for a live attack. */
const attackerValidator = vine.create({
  value: vine.string().trim().minLength(1).maxLength(100),
  tlp: vine.enum(TLPS).optional(),
  sharing_group_id: vine.number().withoutDecimals().positive().max(2147483647).nullable().optional(),
  confidence: vine.number().withoutDecimals().range([0, 100]).optional(),
  expires_at: vine.date({ formats: ['iso8601'] }).nullable().optional(),
  description: vine.string().trim().maxLength(20000).nullable().optional(),
})

const huntOptions = vine.create({ days: vine.number().withoutDecimals().range([1, RETRO_HUNT_MAX_DAYS]).optional() })

router
  .group(() => {
    router.get('/api/indicators/feed.txt', async (ctx) => {
      const rows = await selection(ctx, true)
      ctx.response.header('Content-Type', 'text/plain; charset=utf-8')
      return [...new Set(rows.map((r) => r.value))].map((v) => `${v}\n`).join('')
    })

    router.get('/api/indicators/feed.csv', async (ctx) => {
      const rows = await selection(ctx, true)
      const columns = ['type', 'value', 'tlp', 'confidence', 'first_seen_at', 'last_seen_at', 'expires_at', 'stix_id']
      const cell = (v: unknown) => (v === null || v === undefined ? '' : quoteFormula(v instanceof Date ? v.toISOString() : String(v)))
      ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
      ctx.response.header('Content-Disposition', 'attachment; filename="indicators-feed.csv"')
      return '\uFEFF' + stringify([columns, ...rows.map((r) => columns.map((c) => cell((r as unknown as Record<string, unknown>)[c])))])
    })

    router.get('/api/indicators/export.stix.json', async (ctx) => {
      const rows = await selection(ctx, false)
      ctx.response.header('Content-Type', 'application/stix+json;version=2.1')
      ctx.response.header('Content-Disposition', 'attachment; filename="indicators.stix.json"')
      return stixBundle(rows.map(publishable), randomUUID())
    })

    router.get('/api/indicators/export.misp.json', async (ctx) => {
      const rows = await selection(ctx, false)
      ctx.response.header('Content-Disposition', 'attachment; filename="indicators.misp.json"')
      return mispEvent(rows.map(publishable), { uuid: randomUUID(), info: 'GSN Console indicators', date: new Date().toISOString().slice(0, 10) })
    })

    router.post('/api/indicators/import', async (ctx) => {
      await ctx.bouncer.authorize(act, 'indicators', 'create')
      const user = ctx.auth.user!
      const options = await importOptions.validate(ctx.request.qs(), { messagesProvider: messagesFor(user.locale) })
      const document = ctx.request.body()
      let read
      try {
        const format =
          options.format ??
          (isObject(document) && document.type === 'bundle' ? 'stix' : isObject(document) && 'Event' in document ? 'misp' : isObject(document) && typeof document.feed === 'string' ? 'feed' : null)
        if (format === null) throw new MalformedDocument('$', isObject(document) ? 'unknown_format' : 'not_an_object')
        read = format === 'stix' ? readStixBundle(document) : format === 'misp' ? readMispEvent(document) : readFeed(document)
      } catch (error) {
        if (error instanceof MalformedDocument) throw new FieldError(error.path, message('indicators.import_malformed', { path: error.path, reason: error.reason }))
        throw error
      }
      return importIndicators(user, read.indicators, read.skipped, { defaultTlp: options.tlp ?? 'amber', sharingGroupId: options.sharing_group_id ?? null })
    })

    router.post('/api/incidents/:id/publish_attacker', async (ctx) => {
      await ctx.bouncer.authorize(act, 'incidents', 'read')
      await ctx.bouncer.authorize(act, 'indicators', 'create')
      const user = ctx.auth.user!
      const id = await idOf(ctx, incidentResource)
      const input = await attackerValidator.validate(ctx.request.body(), { messagesProvider: messagesFor(user.locale) })
      const published = await publishAttacker(user, id, { ...input, tlp: input.tlp ?? 'amber', sharing_group_id: input.sharing_group_id ?? null })
      if (!published) return notFound(ctx, incidentResource)
      ctx.response.status(201)
      return { indicator: await present(def, published.indicator, user), sighting_id: published.sightingId }
    })

    router.post('/api/indicators/:id/retro_hunt', async (ctx) => {
      await ctx.bouncer.authorize(act, 'indicators', 'update')
      const user = ctx.auth.user!
      const id = await idOf(ctx, def)
      const options = await huntOptions.validate(ctx.request.body(), { messagesProvider: messagesFor(user.locale) })
      if (!(await findRow(def, user, id))) return notFound(ctx, def)
      return retroHunt(id, options.days ?? RETRO_HUNT_DAYS)
    })
  })
  .use(middleware.auth())

const filterParameters = [
  { name: 'filter', in: 'query', schema: { type: 'string' }, description: 'the list filters of /api/indicators, as JSON (type, tlp, sharing_group_id, q, …)' },
  { name: 'sort', in: 'query', schema: { type: 'string' } },
]
const fileErrors = { 422: 'a filter is not valid' }
const text = (description: string, type: string) => ({ 200: { description, content: { [type]: { schema: { type: 'string' } } } } })
documentRoute('get', '/api/indicators/feed.txt', {
  operationId: 'getIndicatorFeedText', summary: 'Indicators in force that the reader may pass on (never TLP:RED), one value a line', tags: ['indicators'],
  parameters: filterParameters, responses: text('one value a line', 'text/plain'), errors: fileErrors,
})
documentRoute('get', '/api/indicators/feed.csv', {
  operationId: 'getIndicatorFeedCsv', summary: 'The same feed as CSV, formula-escaped', tags: ['indicators'],
  parameters: filterParameters, responses: text('CSV with a header line', 'text/csv'), errors: fileErrors,
})
documentRoute('get', '/api/indicators/export.stix.json', {
  operationId: 'exportIndicatorsStix', summary: 'The selected indicators as a STIX 2.1 bundle (never TLP:RED)', tags: ['indicators'],
  parameters: filterParameters, responses: { 200: { description: 'a STIX 2.1 bundle', content: { 'application/stix+json;version=2.1': { schema: { type: 'object' } } } } }, errors: fileErrors,
})
documentRoute('get', '/api/indicators/export.misp.json', {
  operationId: 'exportIndicatorsMisp', summary: 'The selected indicators as one MISP event (never TLP:RED)', tags: ['indicators'],
  parameters: filterParameters, responses: { 200: jsonAnswer('a MISP event', { type: 'object' }) }, errors: fileErrors,
})
documentRoute('post', '/api/indicators/import', {
  operationId: 'importIndicators', summary: 'Imports a STIX 2.1 bundle, a MISP event or a plain feed ({"feed": "…"}); objects that are no usable indicator are passed over and listed', tags: ['indicators'],
  parameters: [
    { name: 'format', in: 'query', schema: { type: 'string', enum: ['stix', 'misp', 'feed'] }, description: 'feed: a plain feed sent as {"feed": "…"}, one value a line or CSV with a value column' },
    { name: 'tlp', in: 'query', schema: { type: 'string', enum: [...TLPS] }, description: 'the marking of objects that carry none (default amber)' },
    { name: 'sharing_group_id', in: 'query', schema: { type: 'integer' } },
  ],
  requestBody: jsonBody({ type: 'object' }),
  responses: {
    200: jsonAnswer('what was imported', record({ created: t.integer, updated: t.integer, unchanged: t.integer, skipped: listOf({ type: 'object', required: ['path', 'reason', 'message'], properties: { path: t.string, reason: t.string, detail: t.string, message: t.string } }) })),
  },
  errors: { 422: 'the document is no STIX bundle or MISP event (the path says where), or a parameter is not valid' },
})
documentRoute('post', '/api/incidents/{id}/publish_attacker', {
  operationId: 'publishIncidentAttacker',
  summary: "Publishes a source address of a security incident's evidence as an indicator (TLP default AMBER, a sharing group), with a sighting naming the incident and an entry on its timeline",
  tags: ['indicators'],
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
  requestBody: jsonBody(attackerValidator.toJSONSchema() as Record<string, unknown>),
  responses: { 201: jsonAnswer('the indicator and its sighting', record({ indicator: { $ref: '#/components/schemas/Indicator' }, sighting_id: t.integer })) },
  errors: {
    403: 'your role may not publish indicators',
    404: 'no such incident the reader may see',
    422: "the value is not a source of the incident's evidence, the incident is no security incident, the group is not one the publisher may use, or the same indicator is already published to the same audience",
  },
})
documentRoute('post', '/api/indicators/{id}/retro_hunt', {
  operationId: 'retroHuntIndicator', summary: 'Matches an address or prefix indicator against the stored flows of the last days; each flow a sighting', tags: ['indicators'],
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
  requestBody: jsonBody({ type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: RETRO_HUNT_MAX_DAYS } } }),
  responses: { 200: jsonAnswer('flows found and sightings added', record({ flows: t.integer, sightings: t.integer })) },
  errors: { 404: 'no such indicator the reader may see', 422: 'days is not a whole number in range' },
})
