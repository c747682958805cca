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
import { findRow } from '#app/core/resource'
import { idOf, listQueryOf, notFound } from '#app/core/resource_routes'
import { quoteFormula } from '#app/imports/spreadsheet_formulas'
import { indicators } from '#app/indicators/indicator_resource'
import { MalformedDocument, isObject } from '#app/indicators/exchange'
import { importIndicators, publishable, retroHunt, RETRO_HUNT_DAYS, RETRO_HUNT_MAX_DAYS, selectForDistribution } from '#app/indicators/indicator_service'
import { readMispEvent, mispEvent } from '#app/indicators/misp'
import { readStixBundle, stixBundle } from '#app/indicators/stix'
import { TLPS } from '#app/indicators/visibility'

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
  format: vine.enum(['stix', 'misp']).optional(),
  tlp: vine.enum(TLPS).optional(),
  sharing_group_id: vine.number().withoutDecimals().positive().max(2147483647).optional(),
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
        const format = options.format ?? (isObject(document) && document.type === 'bundle' ? 'stix' : isObject(document) && 'Event' in document ? 'misp' : null)
        if (format === null) throw new MalformedDocument('$', isObject(document) ? 'unknown_format' : 'not_an_object')
        read = format === 'stix' ? readStixBundle(document) : readMispEvent(document)
      } catch (error) {
        if (error instanceof MalformedDocument) throw new FieldError(error.path, message('indicators.import_malformed', { path: error.path, reason: error.reason }))
        throw error
      }
      return importIndicators(user, read.indicators, read.skipped, { defaultTlp: options.tlp ?? 'amber', sharingGroupId: options.sharing_group_id ?? null })
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
