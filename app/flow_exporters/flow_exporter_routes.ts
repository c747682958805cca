import { textHasTerm } from '#app/core/search_terms'
import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import { act } from '#app/access/abilities'
import { contentRange, type FilterSpec } from '#app/core/list_query'
import { listQueryOf } from '#app/core/resource_routes'
import { flowExportersFor, type FlowExporterRow } from '#app/flow_exporters/flow_exporters'
import { documentRoute, listParameters, orNull, pageAnswer, record, t } from '#app/platform/openapi'
import { middleware } from '#start/kernel'

const exporterList: FilterSpec = {
  fields: { agency_id: 'exact', device_id: 'exact', reporting: 'exact' },
  types: { agency_id: 'integer', device_id: 'integer', reporting: 'boolean' },
  sortable: ['exporter', 'device_hostname', 'datagrams', 'flows', 'malformed', 'unknown_template', 'lost_records', 'lost_datagrams', 'sequence_resets', 'last_seen'],
  defaultSort: ['exporter', 'ASC'],
}

/** Exporters are few (one per router): filtered, sorted and paged in memory. */
async function list(ctx: HttpContext) {
  await ctx.bouncer.authorize(act, 'flow_exporters', 'read')
  const query = await listQueryOf(ctx, { filters: exporterList })
  let rows = await flowExportersFor(ctx.auth.user!)
  for (const term of query.search) {
    rows = rows.filter((r) => textHasTerm(`${r.exporter} ${r.device_hostname ?? ''}`, term))
  }
  for (const { field, values } of query.equals) rows = rows.filter((r) => values.includes(r[field as keyof FlowExporterRow] as never))
  const { field, order } = query.sort
  const key = field as keyof FlowExporterRow
  const direction = order === 'asc' ? 1 : -1
  rows.sort((a, b) => {
    const x = a[key] ?? ''
    const y = b[key] ?? ''
    return (x < y ? -1 : x > y ? 1 : a.exporter < b.exporter ? -1 : 1) * direction
  })
  const page = rows.slice(query.offset, query.offset + query.limit)
  ctx.response.header('Content-Range', contentRange('flow_exporters', query.offset, page.length, rows.length))
  ctx.response.header('X-Total-Count', String(rows.length))
  return page
}

router.get('/api/flow_exporters', list).use(middleware.auth())

const { integer, string, boolean, timestamp } = t
documentRoute('get', '/api/flow_exporters', {
  operationId: 'listFlowExporters',
  summary: "The devices sending NetFlow / IPFIX to the collectors, with each one's counters as its collector last reported them",
  tags: ['flows'],
  parameters: listParameters.map((p) =>
    p.name === 'filter'
      ? { ...p, description: 'JSON object: agency_id, device_id → id or [ids], reporting → true|false, q = part of the address or hostname' }
      : p.name === 'sort'
        ? { ...p, description: `JSON ["field","ASC|DESC"]; field: ${exporterList.sortable.join(', ')}` }
        : p
  ),
  responses: {
    200: pageAnswer(
      'exporters (id is the exporter address); counters run from the collector start; collector_kernel_drops are the drops of the socket that hears it, which no exporter can be told apart in',
      record({
        id: string,
        exporter: string,
        device_id: orNull(integer),
        device_hostname: orNull(string),
        agency_id: orNull(integer),
        collector: string,
        reporting: boolean,
        datagrams: integer,
        flows: integer,
        malformed: integer,
        unknown_template: integer,
        templates: integer,
        template_changes: integer,
        lost_records: integer,
        lost_datagrams: integer,
        sequence_resets: integer,
        collector_kernel_drops: orNull(integer),
        first_seen: timestamp,
        last_seen: timestamp,
        reported_at: timestamp,
      })
    ),
  },
  errors: { 422: 'bad filter, sort or range' },
})
