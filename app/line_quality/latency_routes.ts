import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { documentRoute, record } from '#app/platform/openapi'
import { TRAFFIC_RANGES } from '#app/samples/traffic'
import { linkSeriesRequest } from '#app/links/link_series_request'
import { linkLatency } from '#app/line_quality/latency'

/** A link's latency and loss: scoped like its traffic. */
router
  .get('/api/links/:id/latency', async (ctx) => {
    const { id, range } = await linkSeriesRequest(ctx)
    return linkLatency(id, range)
  })
  .use(middleware.auth())

const nullableNumber = { type: ['number', 'null'] }
const point = record({
  time: { type: 'string', format: 'date-time' },
  bursts: { type: 'integer' },
  sent: { type: 'integer' },
  received: { type: 'integer' },
  loss: nullableNumber,
  loss_max: nullableNumber,
  rtt_median: nullableNumber,
  rtt_min: nullableNumber,
  rtt_max: nullableNumber,
  rtt_p10: nullableNumber,
  rtt_p90: nullableNumber,
  jitter: nullableNumber,
})

documentRoute('get', '/api/links/{id}/latency', {
  operationId: 'getLinkLatency',
  summary: "Round trips and loss of one link's echo bursts over 1h (every burst), 24h (5 min), 7d or 30d (1 h) or 1y (1 day)",
  tags: ['links'],
  parameters: [
    { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
    { name: 'range', in: 'query', schema: { type: 'string', enum: Object.keys(TRAFFIC_RANGES), default: '24h' } },
  ],
  responses: {
    200: {
      description:
        'series at the range\'s resolution (times in ms; loss as a share 0–1 of the probes sent; rtt_median the mean of the bursts\' medians, ' +
        'rtt_p10/rtt_p90 the band SmokePing shades, rtt_min/rtt_max single probes); buckets not yet rolled up are summed from the bursts',
      content: {
        'application/json': {
          schema: record({
            link_id: { type: 'integer' },
            range: { enum: Object.keys(TRAFFIC_RANGES) },
            resolution: { type: 'string', enum: ['raw', '5m', '1h', '1d'] },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            series: { type: 'array', items: point },
            sent: { type: 'integer' },
            loss: nullableNumber,
            rtt_median: nullableNumber,
          }),
        },
      },
    },
  },
  errors: { 404: 'no such link', 422: 'range is not one of 1h, 24h, 7d, 30d, 1y' },
})
