import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { findRow, type ResourceDefinition } from '#app/core/resource'
import { idOf, listQueryOf } from '#app/core/resource_routes'
import { act } from '#app/access/abilities'
import { NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { contentRange, type FilterSpec } from '#app/core/list_query'
import { documentRoute, idParameter, jsonAnswer, listOf, orNull, pageAnswer, record, t } from '#app/platform/openapi'
import { linkResource } from '#app/links/link_resource'
import { deviceResource } from '#app/devices/device_resource'
import { alarmService } from '#app/monitoring/alarm_service'
import { LINK_STATES } from '#app/monitoring/link_health/link_state'
import { boardFilters, deviceStatusOf, incidentsOfLink, linkStateSummary, listLinkStates, stateChangesOf, unreachableDeviceFilters, unreachableDevices } from '#app/monitoring/board/board'

/**
 * Monitoring reads. Who may read them follows the inventory they describe: link states need
 * read access to links, device status to devices, incident notes to incidents; agency scope is
 * the same as for those records.
 */

const listQuery = (ctx: HttpContext, filters: FilterSpec = boardFilters) => listQueryOf(ctx, { filters })

/** The id in the path when the user may read that record, else null (no such record, or another agency's). */
async function readableId(ctx: HttpContext, resource: 'links' | 'devices' | 'incidents', def: ResourceDefinition) {
  await ctx.bouncer.authorize(act, resource, 'read')
  const id = await idOf(ctx, def)
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
      const list = await listQuery(ctx)
      const { rows, total } = await listLinkStates(user, list)
      ctx.response.header('Content-Range', contentRange('link_states', list.offset, rows.length, total))
      ctx.response.header('X-Total-Count', String(total))
      return rows
    })

    router.get('/api/link_states/summary', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'links', 'read')
      return linkStateSummary(user, await listQuery(ctx))
    })

    router.get('/api/links/:id/state_changes', async (ctx) => {
      const id = await readableId(ctx, 'links', linkResource)
      if (id === null) return notFound(ctx, 'link')
      const list = await listQuery(ctx, { fields: {}, sortable: [], defaultSort: ['at', 'DESC'] })
      const { rows, total } = await stateChangesOf(ctx.auth.user!, id, list.offset, list.limit)
      ctx.response.header('Content-Range', contentRange('state_changes', list.offset, rows.length, total))
      ctx.response.header('X-Total-Count', String(total))
      return rows
    })

    router.get('/api/links/:id/incidents', async (ctx) => {
      const id = await readableId(ctx, 'links', linkResource)
      if (id === null) return notFound(ctx, 'link')
      await ctx.bouncer.authorize(act, 'incidents', 'read')
      const list = await listQuery(ctx, { fields: {}, sortable: [], defaultSort: ['opened_at', 'DESC'] })
      const { rows, total } = await incidentsOfLink(ctx.auth.user!, id, list.offset, list.limit)
      ctx.response.header('Content-Range', contentRange('incidents', list.offset, rows.length, total))
      ctx.response.header('X-Total-Count', String(total))
      return rows
    })

    router.get('/api/unreachable_devices', async (ctx) => {
      await ctx.bouncer.authorize(act, 'devices', 'read')
      const list = await listQuery(ctx, unreachableDeviceFilters)
      const { rows, total } = await unreachableDevices(ctx.auth.user!, list)
      ctx.response.header('Content-Range', contentRange('unreachable_devices', list.offset, rows.length, total))
      ctx.response.header('X-Total-Count', String(total))
      return rows
    })

    router.get('/api/devices/:id/status', async (ctx) => {
      const id = await readableId(ctx, 'devices', deviceResource)
      if (id === null) return notFound(ctx, 'device')
      return deviceStatusOf(id, alarmService.unreachableAfter)
    })
  })
  .use(middleware.auth())

const listParameters = (filters: string) => [
  { name: 'filter', in: 'query', schema: { type: 'string' }, description: `JSON object: ${filters}; q = search in names and circuit ids` },
  { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'JSON ["field","ASC|DESC"]' },
  { name: 'range', in: 'query', schema: { type: 'string' }, description: 'JSON [first,last], at most 1000 rows; answered with Content-Range' },
]
const boardFilterNames = Object.keys(boardFilters.fields).join(', ')

const { integer, number, string, boolean, timestamp } = t
const state = { enum: [...LINK_STATES] }
const reasonMessage = {
  anyOf: [
    listOf({ type: 'object', required: ['key', 'params'], properties: { key: string, params: { type: 'object' } } }),
    { type: 'null' },
  ],
  description: 'why, as message keys and parameters (reason is the same in the reader\'s language); null for rows written before reasons were keys',
}
const linkStateRow = record({
  id: integer,
  link_id: integer,
  circuit_id: string,
  name: string,
  kind: { enum: ['legacy', 'uplink'] },
  link_status: { enum: ['active', 'migrating', 'decommissioned'] },
  bandwidth_kbps: integer,
  agency_id: integer,
  agency_name: string,
  agency_name_en: orNull(string),
  ministry_id: orNull(integer),
  ministry_name: orNull(string),
  ministry_name_en: orNull(string),
  region: orNull(string),
  device_id: orNull(integer),
  hostname: orNull(string),
  if_index: orNull(integer),
  consolidated_into_id: orNull(integer),
  state,
  admin_down: boolean,
  since: orNull(timestamp),
  last_poll_at: orNull(timestamp),
  oper_status: orNull(string),
  admin_status: orNull(string),
  in_util: orNull(number),
  out_util: orNull(number),
  error_rate: orNull(number),
  reason: orNull(string),
  reason_message: reasonMessage,
  flapping: boolean,
  suppressed: boolean,
  suppressed_by: {
    anyOf: [
      { type: 'object', required: ['type', 'id', 'reason'], properties: { type: { enum: ['device', 'link'] }, id: integer, hostname: orNull(string), circuit_id: orNull(string), reason: string } },
      { type: 'null' },
    ],
    description: 'the device or uplink whose fault this link is suppressed behind',
  },
  in_maintenance: boolean,
  maintenance_window_id: orNull(integer),
  open_incident_id: orNull(integer),
  open_incident_number: orNull(string),
  open_incident_status: orNull(string),
})
const byState = record(Object.fromEntries(LINK_STATES.map((s) => [s, integer])))
const summary = record({
  generated_at: timestamp,
  total: integer,
  by_state: byState,
  admin_down: integer,
  suppressed: integer,
  in_maintenance: integer,
  flapping: integer,
  never_polled: integer,
  by_region: listOf({ ...byState, properties: { region: string, ...byState.properties }, required: ['region', ...byState.required] }),
  by_ministry: listOf(
    record({
      ministry_id: orNull(integer),
      ministry_name: orNull(string),
      ministry_name_en: orNull(string),
      region: orNull(string),
      state,
      admin_down: boolean,
      suppressed: boolean,
      in_maintenance: boolean,
      n: integer,
      flapping: integer,
    })
  ),
  polling: record({
    devices: integer,
    unreachable: integer,
    overdue: integer,
    polls_total: integer,
    polls_late: integer,
    polls_skipped: integer,
    last_poll_at: orNull(timestamp),
  }),
})
const stateChange = record({
  id: t.bigId,
  link_id: integer,
  at: timestamp,
  from_state: orNull(state),
  to_state: state,
  admin_down: boolean,
  reason: orNull(string),
  reason_message: reasonMessage,
  suppressed: boolean,
  in_maintenance: boolean,
  flapping: boolean,
})
const linkIncident = record({
  id: integer,
  number: string,
  title: string,
  type: string,
  priority: string,
  status: string,
  agency_id: integer,
  opened_at: timestamp,
  resolved_at: orNull(timestamp),
  closed_at: orNull(timestamp),
})
const deviceStatus = record({
  device_id: integer,
  polled: boolean,
  reachable: orNull(boolean),
  last_poll_at: orNull(timestamp),
  last_ok_at: orNull(timestamp),
  last_error: orNull(string),
  last_error_at: orNull(timestamp),
  consecutive_failures: integer,
  failing_since: orNull(timestamp),
  unreachable_after: integer,
  polls_total: integer,
  polls_late: integer,
  polls_skipped: integer,
  in_maintenance: boolean,
  maintenance_window_ids: listOf(integer),
  open_incident: { anyOf: [record({ id: integer, number: string, status: string, priority: string }), { type: 'null' }] },
  links_by_state: byState,
})
documentRoute('get', '/api/link_states', {
  operationId: 'listLinkStates',
  summary:
    "The NOC board: every link's monitored state (up, down, degraded, unknown), utilisation in and out, error rate, last poll, and whether its alarm is suppressed (and by what), silenced by maintenance or damped by flapping. Faults first by default. agency_id filters the agency's whole subtree; decommissioned lines only with link_status.",
  tags: ['monitoring'],
  parameters: listParameters(boardFilterNames),
  responses: { 200: pageAnswer('a page of links with their state', linkStateRow) },
})
documentRoute('get', '/api/link_states/summary', {
  operationId: 'getLinkStateSummary',
  summary: 'Counts for the NOC board: links by state and by region and state, and how many are shut on purpose, suppressed, in maintenance, flapping or never polled; by_ministry counts links by ministry, region, state, shut on purpose, suppressed and in maintenance (the board tiles); polling tells whether the pollers keep up (pollable devices in scope, unreachable, overdue: not polled within two intervals and 30 s, late and skipped polls). Takes the board filters except state; polling follows the agency scope only.',
  tags: ['monitoring'],
  parameters: listParameters(boardFilterNames).slice(0, 1),
  responses: { 200: jsonAnswer('the counts', summary) },
})
documentRoute('get', '/api/links/{id}/state_changes', {
  operationId: 'listLinkStateChanges',
  summary: "A link's state history, newest first (from_state, to_state, reason, and whether the change was suppressed, in maintenance or flapping)",
  tags: ['monitoring'],
  parameters: [idParameter, ...listParameters('none').slice(2)],
  responses: { 200: pageAnswer('a page of state changes', stateChange) },
  errors: { 404: 'no such link' },
})
documentRoute('get', '/api/links/{id}/incidents', {
  operationId: 'listLinkIncidents',
  summary: "The incidents that name a link among their items, newest first (its own outages and those of the uplink or device it was suppressed behind), within your agency scope",
  tags: ['monitoring'],
  parameters: [idParameter, ...listParameters('none').slice(2)],
  responses: { 200: pageAnswer('a page of incidents', linkIncident) },
  errors: { 404: 'no such link' },
})
const unreachableDevice = record({
  id: integer,
  hostname: string,
  kind: string,
  region: orNull(string),
  agency_id: integer,
  agency_name: string,
  agency_name_en: orNull(string),
  failing_since: orNull(timestamp),
  last_poll_at: orNull(timestamp),
  consecutive_failures: integer,
  links: integer,
  open_incident_id: orNull(integer),
  open_incident_number: orNull(string),
  open_incident_status: orNull(string),
  maintenance_window_id: orNull(integer),
})
documentRoute('get', '/api/unreachable_devices', {
  operationId: 'listUnreachableDevices',
  summary:
    "The devices in your agency scope that no longer answer their polls, longest silent first: since when, how many links they carry (whose own alarms are suppressed behind them), their open incident, and the maintenance window that covers them now, if any. The wall screen lists them among the faults.",
  tags: ['monitoring'],
  parameters: [listParameters('agency_id (the agency and everything below it), region')[0], ...listParameters('none').slice(2)],
  responses: { 200: pageAnswer('a page of unreachable devices', unreachableDevice) },
})
documentRoute('get', '/api/devices/{id}/status', {
  operationId: 'getDeviceStatus',
  summary: "A device's reachability as the collectors see it: last poll and answer, last error, failures in a row, late and skipped polls, maintenance, its open incident, and its links by state",
  tags: ['monitoring'],
  parameters: [idParameter],
  responses: { 200: jsonAnswer('the device status', deviceStatus) },
  errors: { 404: 'no such device' },
})
