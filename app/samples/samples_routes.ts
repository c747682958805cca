import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { documentRoute, record } from '#app/platform/openapi'
import { linkTraffic, TRAFFIC_RANGES, P95_METHOD } from '#app/samples/traffic'
import { linkSeriesRequest } from '#app/links/link_series_request'

router
  .get('/api/links/:id/traffic', async (ctx) => {
    const { id, range } = await linkSeriesRequest(ctx)
    return linkTraffic(id, range)
  })
  .use(middleware.auth())

const point = {
  type: 'object',
  properties: Object.fromEntries(
    ['in_bps', 'out_bps', 'in_max_bps', 'out_max_bps', 'in_util', 'out_util', 'in_errors_ps', 'out_errors_ps', 'in_discards_ps', 'out_discards_ps']
      .map((k) => [k, { type: ['number', 'null'] }])
      .concat([['time', { type: 'string', format: 'date-time' } as any]])
  ),
}

documentRoute('get', '/api/links/{id}/traffic', {
  operationId: 'getLinkTraffic',
  summary: 'Traffic of one link over 1h (raw polls), 24h (5 min), 7d or 30d (1 h) or 1y (1 day), with its 95th percentiles',
  tags: ['links'],
  parameters: [
    { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
    { name: 'range', in: 'query', schema: { type: 'string', enum: Object.keys(TRAFFIC_RANGES), default: '24h' } },
  ],
  responses: {
    200: {
      description: `series at the range's resolution (rates in bits/s, utilisation as a fraction 0–1 of the speed); p95_in, p95_out, p95_max: ${P95_METHOD}`,
      content: {
        'application/json': {
          schema: record({
            link_id: { type: 'integer' },
            range: { enum: Object.keys(TRAFFIC_RANGES) },
            resolution: { type: 'string', enum: ['raw', '5m', '1h', '1d'] },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            series: { type: 'array', items: point },
            p95_in: { type: ['number', 'null'] },
            p95_out: { type: ['number', 'null'] },
            p95_max: { type: ['number', 'null'] },
            p95_samples: { type: 'integer' },
            p95_method: { type: 'string' },
            store: { enum: ['postgresql', 'elasticsearch'] },
          }),
        },
      },
    },
  },
  errors: { 404: 'no such link', 422: 'range is not one of 1h, 24h, 7d, 30d, 1y' },
})
