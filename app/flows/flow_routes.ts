import { Readable } from 'node:stream'
import router from '@adonisjs/core/services/router'
import { stringify } from 'csv-stringify/sync'
import type { HttpContext } from '@adonisjs/core/http'
import { act } from '#app/access/abilities'
import { middleware } from '#start/kernel'
import { quoteFormula } from '#app/imports/spreadsheet_formulas'
import { documentRoute, jsonAnswer, listOf, orNull, record, t } from '#app/platform/openapi'
import { flowFilterOf, MAX_RANGE_DAYS } from '#app/flows/flow_query'
import { flowStore, minutesAnswer, type FlowFilter, type FlowRow } from '#app/flows/flow_store'

/** Rows a CSV export holds at most; a wider search is narrowed by time first. */
export const EXPORT_LIMIT = 100_000
const EXPORT_PAGE = 5000

async function asked(ctx: HttpContext) {
  await ctx.bouncer.authorize(act, 'flows', 'read')
  return flowFilterOf(ctx.auth.user!, ctx.request.qs())
}

/** Every answer says which window it covers, which store answered and whether minute aggregates did. */
async function answer<R>(filter: FlowFilter, source: 'raw' | 'minutes', rows: R) {
  return { from: filter.from.toISOString(), to: filter.to.toISOString(), store: (await flowStore()).kind, source, rows }
}
const sourceOf = (filter: FlowFilter) => (minutesAnswer(filter) ? 'minutes' : 'raw')

router
  .group(() => {
    router.get('/top-talkers', async (ctx) => {
      const { filter, query } = await asked(ctx)
      const store = await flowStore()
      return answer(filter, 'raw', await store.topTalkers(filter, query.direction ?? 'src', query.limit ?? 10))
    })
    router.get('/top-ports', async (ctx) => {
      const { filter, query } = await asked(ctx)
      return answer(filter, sourceOf(filter), await (await flowStore()).topPorts(filter, query.limit ?? 10))
    })
    router.get('/top-protocols', async (ctx) => {
      const { filter, query } = await asked(ctx)
      return answer(filter, sourceOf(filter), await (await flowStore()).topProtocols(filter, query.limit ?? 10))
    })
    router.get('/matrix', async (ctx) => {
      const { filter, query } = await asked(ctx)
      return answer(filter, sourceOf(filter), await (await flowStore()).matrix(filter, query.per === 'link'))
    })
    router.get('/series', async (ctx) => {
      const { filter, query } = await asked(ctx)
      const step = query.step ?? 60
      const rows = await (await flowStore()).series(filter, step)
      // Bits per second beside the totals, to set beside the SNMP charts of the same link.
      return {
        ...(await answer(filter, sourceOf(filter), rows.map((r) => ({ ...r, bps: (r.bytes * 8) / step })))),
        step,
      }
    })
    router.get('/totals', async (ctx) => {
      const { filter } = await asked(ctx)
      return answer(filter, sourceOf(filter), await (await flowStore()).totals(filter))
    })
    router.get('/search', async (ctx) => {
      const { filter, query } = await asked(ctx)
      const limit = query.limit ?? 100
      const offset = query.offset ?? 0
      return { ...(await answer(filter, 'raw', await (await flowStore()).search(filter, limit, offset))), limit, offset }
    })
    router.get('/export.csv', async (ctx) => {
      const { filter } = await asked(ctx)
      ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
      ctx.response.header('Content-Disposition', 'attachment; filename="flows.csv"')
      ctx.response.stream(Readable.from(flowsCsv(filter)))
    })
  })
  .prefix('/api/flows')
  .use(middleware.auth())

export const CSV_COLUMNS: Array<keyof FlowRow> = [
  'first', 'last', 'exporter', 'version', 'src_addr', 'src_port', 'dst_addr', 'dst_port', 'protocol', 'packets', 'bytes',
  'tcp_flags', 'input_if', 'output_if', 'sampling_rate', 'device_id', 'link_id', 'src_agency_id', 'dst_agency_id',
]

/** The search's flows as CSV, page by page; every cell formula-escaped as the other exports are. */
export async function* flowsCsv(filter: FlowFilter): AsyncGenerator<string> {
  yield '\uFEFF' + stringify([CSV_COLUMNS])
  const store = await flowStore()
  for (let offset = 0; offset < EXPORT_LIMIT; offset += EXPORT_PAGE) {
    const rows = await store.search(filter, Math.min(EXPORT_PAGE, EXPORT_LIMIT - offset), offset)
    if (rows.length === 0) return
    yield stringify(rows.map((r) => CSV_COLUMNS.map((c) => (r[c] === null ? '' : quoteFormula(String(r[c]))))))
    if (rows.length < EXPORT_PAGE) return
  }
}

const { integer, number, string, timestamp } = t
const totals = { flows: integer, packets: integer, bytes: integer }
const common = [
  { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'start (inclusive); default: an hour before to' },
  { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' }, description: `end (exclusive); default now; at most ${MAX_RANGE_DAYS} days after from` },
  { name: 'address', in: 'query', schema: { type: 'string' }, description: 'an address or CIDR prefix, either end' },
  { name: 'port', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 65535 }, description: 'either end' },
  { name: 'protocol', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 255 } },
  { name: 'agency_id', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'either end' },
  { name: 'link_id', in: 'query', schema: { type: 'integer', minimum: 1 } },
]
const limit = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 10 } }
const envelope = (rows: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  record({ from: timestamp, to: timestamp, store: { enum: ['postgresql', 'elasticsearch'] }, source: { enum: ['raw', 'minutes'] }, rows, ...extra })
const flowRow = record({
  first: timestamp, last: timestamp, exporter: string, version: integer, src_addr: string, dst_addr: string, src_port: integer, dst_port: integer,
  protocol: integer, packets: integer, bytes: integer, tcp_flags: integer, input_if: integer, output_if: integer, sampling_rate: integer,
  device_id: orNull(integer), link_id: orNull(integer), src_agency_id: orNull(integer), dst_agency_id: orNull(integer),
})
const errors = { 422: 'a parameter is not valid (bad time, range, address or number)' }
const doc = (path: string, operationId: string, summary: string, rows: Record<string, unknown>, parameters: Array<Record<string, any>> = [], extra = {}) =>
  documentRoute('get', `/api/flows/${path}`, {
    operationId, summary, tags: ['flows'], parameters: [...common, ...parameters],
    responses: { 200: jsonAnswer('rows of the reader\'s agencies\' flows (source or destination in their scope)', envelope(rows, extra)) },
    errors,
  })

doc('top-talkers', 'getFlowTopTalkers', 'Addresses by bytes sent (direction=src) or received (dst)', listOf(record({ address: string, ...totals })), [
  limit, { name: 'direction', in: 'query', schema: { type: 'string', enum: ['src', 'dst'], default: 'src' } },
])
doc('top-ports', 'getFlowTopPorts', 'Destination ports (with protocol) by bytes', listOf(record({ protocol: integer, port: integer, ...totals })), [limit])
doc('top-protocols', 'getFlowTopProtocols', 'IP protocols by bytes', listOf(record({ protocol: integer, ...totals })), [limit])
doc('matrix', 'getFlowMatrix', 'Traffic between agencies (null: no agency prefix holds the address), per link with per=link',
  listOf({ type: 'object', required: ['src_agency_id', 'dst_agency_id', 'flows', 'packets', 'bytes'], properties: { src_agency_id: orNull(integer), dst_agency_id: orNull(integer), link_id: orNull(integer), ...totals }, additionalProperties: false }),
  [{ name: 'per', in: 'query', schema: { type: 'string', enum: ['agency', 'link'], default: 'agency' } }])
doc('series', 'getFlowSeries', 'Totals per step (seconds), oldest first; steps without flows are left out', listOf(record({ time: timestamp, bps: number, ...totals })),
  [{ name: 'step', in: 'query', schema: { type: 'integer', minimum: 60, maximum: 86400, default: 60 } }], { step: integer })
doc('totals', 'getFlowTotals', 'Flows, packets and bytes matching the filter', record(totals))
doc('search', 'getFlowSearch', 'Flows newest first', listOf(flowRow), [
  { ...limit, schema: { ...limit.schema, default: 100 } }, { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 100000, default: 0 } },
], { limit: integer, offset: integer })
documentRoute('get', '/api/flows/export.csv', {
  operationId: 'exportFlows', summary: `The search's flows as CSV (at most ${EXPORT_LIMIT}), formula-escaped`, tags: ['flows'], parameters: common,
  responses: { 200: { description: 'CSV with a header line', content: { 'text/csv': { schema: { type: 'string' } } } } },
  errors,
})
