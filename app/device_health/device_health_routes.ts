import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import { middleware } from '#start/kernel'
import { findRow } from '#app/core/resource'
import { idOf, notFound } from '#app/core/resource_routes'
import { act } from '#app/access/abilities'
import { message } from '#app/core/messages'
import type { HealthReason } from '#app/device_health/health_rules'
import { messagesFor } from '#app/core/validation_messages'
import { deviceResource } from '#app/devices/device_resource'
import { documentRoute, idParameter, orNull, record, t } from '#app/platform/openapi'
import { deviceHealthSeries, HEALTH_RANGES, type HealthRange } from '#app/device_health/health_series'

const healthQuery = vine.create({
  range: vine.enum(Object.keys(HEALTH_RANGES) as HealthRange[]).optional(),
})

router
  .get('/api/devices/:id/health', async (ctx) => {
    const user = ctx.auth.user!
    // Who may read a device may read its health; another agency's device is one that does not exist.
    await ctx.bouncer.authorize(act, 'devices', 'read')
    const id = await idOf(ctx, deviceResource)
    const { range = '24h' } = await healthQuery.validate(ctx.request.qs(), { messagesProvider: messagesFor(user.locale) })
    if (!(await findRow(deviceResource, user, id))) return notFound(ctx, deviceResource)
    const answer = await deviceHealthSeries(id, range)
    return {
      ...answer,
      reasons_text: (answer.reasons as HealthReason[]).map((r) => message(r.key, r.params).in(user.locale)),
    }
  })
  .use(middleware.auth())

const { integer, number, string, timestamp } = t
const n = orNull(number)
const point = record({
  time: timestamp,
  polls: integer,
  cpu_avg: n, cpu_max: n, load_avg: n, memory_avg: n, memory_max: n, storage_avg: n, storage_max: n,
  temperature_avg: n, temperature_max: n, uptime_s: n,
})

documentRoute('get', '/api/devices/{id}/health', {
  operationId: 'getDeviceHealth',
  summary: 'CPU, memory, storage, temperature and uptime of one device over 1h (raw polls), 24h (5 min), 7d or 30d (1 h) or 1y (1 day)',
  tags: ['devices'],
  parameters: [idParameter, { name: 'range', in: 'query', schema: { type: 'string', enum: Object.keys(HEALTH_RANGES), default: '24h' } }],
  responses: {
    200: {
      description:
        'percent (CPU busy, memory used, fullest fixed disk), degrees Celsius (hottest sensor), seconds; averages and highest poll per bucket; ' +
        'the latest poll, the thresholds of the device kind, the thresholds crossed at the last poll (keys and worded) and the MIBs the device does not answer',
      content: {
        'application/json': {
          schema: record({
            device_id: integer,
            range: { enum: Object.keys(HEALTH_RANGES) },
            resolution: { type: 'string', enum: ['raw', '5m', '1h', '1d'] },
            from: timestamp,
            to: timestamp,
            series: { type: 'array', items: point },
            latest: orNull(
              record({
                at: timestamp, cpu_pct: n, load_1: n, memory_pct: n, memory_total_bytes: n, storage_pct: n, storage_used_bytes: n,
                storage_size_bytes: n, temperature_c: n, uptime_s: n,
              })
            ),
            thresholds: orNull(record({ policy_id: integer, cpu_pct: number, memory_pct: number, storage_pct: number, temperature_c: number, sustain_polls: integer })),
            reasons: { type: 'array', items: record({ key: string, params: { type: 'object' } }) },
            reasons_text: { type: 'array', items: string },
            breach_polls: integer,
            open_incident_id: orNull(integer),
            absent_mibs: { type: 'array', items: { enum: ['host_resources', 'ucd', 'entity_sensor'] } },
            absent_counts: { type: 'object' },
            health_polls: integer,
          }),
        },
      },
    },
  },
  errors: { 404: 'no such device (or another agency’s)', 422: 'range is not one of 1h, 24h, 7d, 30d, 1y' },
})
