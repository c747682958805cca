import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { findRow, type ResourceDefinition } from '#app/core/resource'
import { listQueryOf } from '#app/core/resource_routes'
import { act } from '#app/access/abilities'
import { FieldError, NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { contentRange, type FilterSpec } from '#app/core/list_query'
import { documentRoute } from '#app/platform/openapi'
import { linkResource } from '#app/links/link_resource'
import { deviceResource } from '#app/devices/device_resource'
import { incidentResource } from '#app/incidents/incident_resource'
import { alarmService } from '#app/monitoring/alarm_service'
import { boardFilters, deviceStatusOf, incidentsOfLink, linkStateSummary, listLinkStates, notesOf, stateChangesOf } from '#app/monitoring/board'

/**
 * Monitoring reads. Who may read them follows the inventory they describe: link states need
 * read access to links, device status to devices, incident notes to incidents; agency scope is
 * the same as for those records.
 */

const listQuery = (ctx: HttpContext, filters: FilterSpec = boardFilters) =>
  listQueryOf(ctx, { filters } as ResourceDefinition)

/** The id in the path when the user may read that record (403 outside their agency), else null. */
async function readableId(ctx: HttpContext, resource: 'links' | 'devices' | 'incidents', def: ResourceDefinition) {
  await ctx.bouncer.authorize(act, resource, 'read')
  const id = Number(ctx.params.id)
  if (!Number.isInteger(id) || id <= 0) throw new FieldError('id', message('record.id_positive'))
  return (await findRow(def, ctx.auth.user!, id)) ? id : null
}

const notFound = (ctx: HttpContext, what: string): never => {
  throw new NotFoundError(message('record.not_found', { resource: what, id: ctx.params.id }))
}

router
  .group(() => {
    router.get('/api/link_states', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'links', 'read')
      const list = listQuery(ctx)
      const { rows, total } = await listLinkStates(user, list)
      ctx.response.header('Content-Range', contentRange('link_states', list.offset, rows.length, total))
      ctx.response.header('X-Total-Count', String(total))
      return rows
    })

    router.get('/api/link_states/summary', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'links', 'read')
      return linkStateSummary(user, listQuery(ctx))
    })

    router.get('/api/links/:id/state_changes', async (ctx) => {
      const id = await readableId(ctx, 'links', linkResource)
      if (id === null) return notFound(ctx, 'link')
      const list = listQuery(ctx, { fields: {}, sortable: [], defaultSort: ['at', 'DESC'] })
      const { rows, total } = await stateChangesOf(id, list.offset, list.limit)
      ctx.response.header('Content-Range', contentRange('state_changes', list.offset, rows.length, total))
      ctx.response.header('X-Total-Count', String(total))
      return rows
    })

    router.get('/api/links/:id/incidents', async (ctx) => {
      const id = await readableId(ctx, 'links', linkResource)
      if (id === null) return notFound(ctx, 'link')
      await ctx.bouncer.authorize(act, 'incidents', 'read')
      const list = listQuery(ctx, { fields: {}, sortable: [], defaultSort: ['opened_at', 'DESC'] })
      const { rows, total } = await incidentsOfLink(ctx.auth.user!, id, list.offset, list.limit)
      ctx.response.header('Content-Range', contentRange('incidents', list.offset, rows.length, total))
      ctx.response.header('X-Total-Count', String(total))
      return rows
    })

    router.get('/api/devices/:id/status', async (ctx) => {
      const id = await readableId(ctx, 'devices', deviceResource)
      if (id === null) return notFound(ctx, 'device')
      return deviceStatusOf(id, alarmService.unreachableAfter)
    })

    router.get('/api/incidents/:id/notes', async (ctx) => {
      const id = await readableId(ctx, 'incidents', incidentResource)
      if (id === null) return notFound(ctx, 'incident')
      return notesOf(id)
    })
  })
  .use(middleware.auth())

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }
const listParameters = (filters: string) => [
  { name: 'filter', in: 'query', schema: { type: 'string' }, description: `JSON object: ${filters}; q = search in names and circuit ids` },
  { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'JSON ["field","ASC|DESC"]' },
  { name: 'range', in: 'query', schema: { type: 'string' }, description: 'JSON [first,last], at most 1000 rows; answered with Content-Range' },
]
const boardFilterNames = Object.keys(boardFilters.fields).join(', ')

documentRoute('get', '/api/link_states', {
  summary:
    "The NOC board: every link's monitored state (up, down, degraded, unknown), utilisation in and out, error rate, last poll, and whether its alarm is suppressed (and by what), silenced by maintenance or damped by flapping. Faults first by default. agency_id filters the agency's whole subtree; decommissioned lines only with link_status.",
  tags: ['monitoring'],
  parameters: listParameters(boardFilterNames),
  responses: { 200: { description: 'a page of links with their state', content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } } },
})
documentRoute('get', '/api/link_states/summary', {
  summary: 'Counts for the NOC board: links by state and by region and state, and how many are shut on purpose, suppressed, in maintenance, flapping or never polled; by_ministry counts links by ministry, region, state, shut on purpose, suppressed and in maintenance (the board tiles); polling tells whether the pollers keep up (pollable devices in scope, unreachable, overdue: not polled within two intervals and 30 s, late and skipped polls). Takes the board filters except state; polling follows the agency scope only.',
  tags: ['monitoring'],
  parameters: listParameters(boardFilterNames).slice(0, 1),
})
documentRoute('get', '/api/links/{id}/state_changes', {
  summary: "A link's state history, newest first (from_state, to_state, reason, and whether the change was suppressed, in maintenance or flapping)",
  tags: ['monitoring'],
  parameters: [idParameter, ...listParameters('none').slice(2)],
  responses: { 200: { description: 'a page of state changes', content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } }, 404: { description: 'no such link' } },
})
documentRoute('get', '/api/links/{id}/incidents', {
  summary: "The incidents that name a link among their items, newest first (its own outages and those of the uplink or device it was suppressed behind), within your agency scope",
  tags: ['monitoring'],
  parameters: [idParameter, ...listParameters('none').slice(2)],
  responses: { 200: { description: 'a page of incidents', content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } }, 404: { description: 'no such link' } },
})
documentRoute('get', '/api/devices/{id}/status', {
  summary: "A device's reachability as the collectors see it: last poll and answer, last error, failures in a row, late and skipped polls, maintenance, its open incident, and its links by state",
  tags: ['monitoring'],
  parameters: [idParameter],
  responses: { 200: { description: 'the device status' }, 404: { description: 'no such device' } },
})
documentRoute('get', '/api/incidents/{id}/notes', {
  summary: "An incident's notes, oldest first: what monitoring saw after it opened (recovery, flapping, a change of state), by whom (system for monitoring)",
  tags: ['incidents'],
  parameters: [idParameter],
  responses: { 200: { description: 'the notes' }, 404: { description: 'no such incident' } },
})
