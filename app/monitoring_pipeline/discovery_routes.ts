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
import { documentRoute, jsonBody } from '#app/platform/openapi'
import { bindLinks, discoverDevice } from '#app/monitoring_pipeline/discovery'

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

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }

documentRoute('get', '/api/devices/{id}/discovery', {
  summary:
    "Walk the device's interfaces now (through a collector) and list them: if_index, name, descr, alias, speed_bps, oper_status, admin_status, the link bound to each, and suggested_links whose circuit id appears in the interface's ifAlias, ifDescr or ifName; orphaned_links are bound to an ifIndex the device does not have. Needs devices update.",
  tags: ['monitoring'],
  parameters: [idParameter],
  responses: {
    200: { description: 'the interfaces', content: { 'application/json': { schema: { type: 'object' } } } },
    404: { description: 'no such device' },
    502: { description: 'the device did not answer the walk (timeout, credentials…)' },
    503: { description: 'no collector took the walk in time' },
  },
})
documentRoute('post', '/api/devices/{id}/discovery', {
  summary:
    'Bind links to interfaces of this device ({bindings:[{link_id, if_index}]}; if_index null unbinds the link from it). Each link is saved through the links resource: validated, scoped and audited. Nothing changes when an entry is refused. Needs devices update and links update.',
  tags: ['monitoring'],
  parameters: [idParameter],
  requestBody: jsonBody(bindValidator.toJSONSchema() as Record<string, unknown>),
  responses: { 200: { description: 'the links as bound' }, 404: { description: 'no such device' } },
})
