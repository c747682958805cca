import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { FieldError, NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { findRow } from '#app/core/resource'
import { messagesFor } from '#app/core/validation_messages'
import { deviceResource } from '#app/devices/device_resource'
import { documentRoute, idParameter, jsonAnswer, jsonBody, listOf, orNull, record, t } from '#app/platform/openapi'
import { bindLinks, discoverDevice } from '#app/devices/discovery'

const bindValidator = vine.create({
  bindings: vine
    .array(
      vine.object({
        link_id: vine.number().withoutDecimals().range([1, 2147483647]),
        if_index: vine.number().withoutDecimals().range([1, 2147483647]).nullable(),
      })
    )
    .minLength(1)
    .maxLength(1000),
})

function deviceIdOf(ctx: HttpContext) {
  const id = Number(ctx.params.id)
  if (!Number.isInteger(id) || id <= 0) throw new FieldError('id', message('record.id_positive'))
  return id
}

const notFound = (ctx: HttpContext) => {
  throw new NotFoundError(message('record.not_found', { resource: 'devices', id: ctx.params.id }))
}

/**
 * Discovery: walk a device's interfaces and bind links to them. Both need the right to change
 * devices (the walk costs the device a full table read); binding also needs the right to change
 * links, and each link goes through the links resource (validation, agency scope, audit).
 */
router
  .group(() => {
    router.get('/api/devices/:id/discovery', async (ctx) => {
      await ctx.bouncer.authorize(act, 'devices', 'update')
      const found = await discoverDevice(ctx.auth.user!, deviceIdOf(ctx))
      return found ?? notFound(ctx)
    })

    router.post('/api/devices/:id/discovery', async (ctx) => {
      await ctx.bouncer.authorize(act, 'devices', 'update')
      const user = ctx.auth.user!
      const deviceId = deviceIdOf(ctx)
      if (!(await findRow(deviceResource, user, deviceId))) return notFound(ctx)
      const input = await bindValidator.validate(ctx.request.body(), { messagesProvider: messagesFor(user.locale) })
      return { bound: await bindLinks(user, deviceId, input.bindings) }
    })
  })
  .use(middleware.auth())

const { integer, string } = t
const linkBrief = { id: integer, circuit_id: string, name: string, status: string }
const discovered = record({
  device: record({ id: integer, hostname: string, management_address: string }),
  polled_at: t.timestamp,
  sys_uptime: orNull(integer),
  interfaces: listOf(
    record({
      if_index: integer,
      name: orNull(string),
      descr: orNull(string),
      alias: orNull(string),
      speed_bps: orNull(integer),
      oper_status: orNull(string),
      admin_status: orNull(string),
      bound_link: { anyOf: [record(linkBrief), { type: 'null' }] },
      other_bound_links: listOf(record(linkBrief)),
      suggested_links: listOf(record({ ...linkBrief, matched_in: { enum: ['alias', 'descr', 'name'] }, bound_to: { anyOf: [record({ device_id: integer, if_index: integer }), { type: 'null' }] } })),
    })
  ),
  orphaned_links: listOf(record({ ...linkBrief, if_index: integer })),
})

documentRoute('get', '/api/devices/{id}/discovery', {
  operationId: 'discoverDeviceInterfaces',
  summary:
    "Walk the device's interfaces now (through a collector) and list them: if_index, name, descr, alias, speed_bps, oper_status, admin_status, the link bound to each, and suggested_links whose circuit id appears in the interface's ifAlias, ifDescr or ifName; orphaned_links are bound to an ifIndex the device does not have. Needs devices update.",
  tags: ['monitoring'],
  parameters: [idParameter],
  responses: { 200: jsonAnswer('the interfaces', discovered) },
  errors: {
    404: 'no such device',
    502: 'the device did not answer the walk (timeout, credentials…)',
    503: 'no collector took the walk in time',
  },
})
documentRoute('post', '/api/devices/{id}/discovery', {
  operationId: 'bindDeviceLinks',
  summary:
    'Bind links to interfaces of this device ({bindings:[{link_id, if_index}]}; if_index null unbinds the link from it). Each link is saved through the links resource: validated, scoped and audited. Nothing changes when an entry is refused. Needs devices update and links update.',
  tags: ['monitoring'],
  parameters: [idParameter],
  requestBody: jsonBody(bindValidator.toJSONSchema() as Record<string, unknown>),
  responses: {
    200: jsonAnswer('the links as bound', record({ bound: listOf(record({ link_id: integer, circuit_id: string, device_id: orNull(integer), if_index: orNull(integer) })) })),
  },
  errors: { 404: 'no such device' },
})
