import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { FieldError, NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { contentRange } from '#app/core/list_query'
import { idOf, listQueryOf } from '#app/core/resource_routes'
import { findRow, listRows, present, presentRows } from '#app/core/resource'
import { incidentResource } from '#app/incidents/incident_resource'
import { groupResource } from '#app/incidents/assignment_group_resource'
import { OPEN_STATUSES } from '#app/incidents/incident_service'
import { linkParent } from '#app/incidents/incident_parents'
import { attachFile, attachmentsOf, dispositionOf, findAttachment } from '#app/incidents/incident_attachments'
import attachmentsConfig from '#config/attachments'
import { impactOf } from '#app/changes/impact'
import { impactSchema } from '#app/changes/change_openapi'
import { documentRoute, idParameter, jsonAnswer, jsonBody, listOf, listParameters, orNull, pageAnswer, record, t } from '#app/platform/openapi'

/**
 * The service desk's routes beyond the incident's commands: a group's queue, linking an incident
 * to its major incident, attachments, and the incident's impact as the inventory tells it.
 */

const linkParentValidator = vine.create({ parent_id: vine.number().withoutDecimals().positive().max(2147483647).nullable() })

/** A file over the size limit: 413, with the limit in words. */
class FileTooLarge extends FieldError {
  static status = 413
}

const incidentNotFound = (ctx: HttpContext): never => {
  throw new NotFoundError(message('record.not_found', { resource: 'incidents', id: ctx.params.id }))
}

/** The incident's id when the reader may see it; 404 otherwise, the same as for none. */
async function readableIncident(ctx: HttpContext) {
  await ctx.bouncer.authorize(act, 'incidents', 'read')
  const id = await idOf(ctx, incidentResource)
  if (!(await findRow(incidentResource, ctx.auth.user!, id))) incidentNotFound(ctx)
  return id
}

router
  .group(() => {
    router.get('/api/assignment_groups/:id/queue', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'assignment_groups', 'read')
      await ctx.bouncer.authorize(act, 'incidents', 'read')
      const id = await idOf(ctx, groupResource)
      if (!(await findRow(groupResource, user, id))) {
        throw new NotFoundError(message('record.not_found', { resource: 'assignment_groups', id: ctx.params.id }))
      }
      const list = await listQueryOf(ctx, incidentResource, incidentResource.model.table)
      // Nearest breach first: sla_due_at is the next breach of a running clock, null while the
      // clock is paused or stopped, and PostgreSQL sorts nulls last in ascending order.
      if (!ctx.request.qs().sort) list.sort = { field: 'sla_due_at', order: 'asc' }
      list.equals.push({ field: 'group_id', values: [id] }, { field: 'status', values: [...OPEN_STATUSES] })
      const { rows, total } = await listRows(incidentResource, user, list)
      ctx.response.header('Content-Range', contentRange('incidents', list.offset, rows.length, total))
      ctx.response.header('X-Total-Count', String(total))
      return presentRows(incidentResource, rows, user)
    })

    router.post('/api/incidents/:id/link_parent', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'incidents', 'update')
      const id = await idOf(ctx, incidentResource)
      const input = await ctx.request.validateUsing(linkParentValidator, { messagesProvider: messagesFor(user.locale) })
      const row = await linkParent(user, id, input.parent_id)
      return row ? present(incidentResource, row, user) : incidentNotFound(ctx)
    })

    // As for a change: only what the reader's scope holds is listed and counted, so a liaison
    // sees the lines of their own agencies behind an uplink, never how many others it carries.
    router.get('/api/incidents/:id/impact', async (ctx) => {
      const id = await readableIncident(ctx)
      return impactOf(await db.from('incident_items').where('incident_id', id).select('item_type', 'item_id'), ctx.auth.user!)
    })

    router.get('/api/incidents/:id/attachments', async (ctx) => attachmentsOf(await readableIncident(ctx)))

    router.post('/api/incidents/:id/attachments', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'incidents', 'update')
      const id = await idOf(ctx, incidentResource)
      const extnames = Object.keys(attachmentsConfig.types)
      const file = ctx.request.file('file', { size: attachmentsConfig.maxBytes, extnames })
      if (!file) throw new FieldError('file', message('incidents.attachment_missing'))
      if (!file.isValid) {
        if (file.errors.some((e) => e.type === 'size')) {
          throw new FileTooLarge('file', message('incidents.attachment_too_large', { maxBytes: attachmentsConfig.maxBytes }))
        }
        throw new FieldError('file', message('incidents.attachment_type', { extnames }))
      }
      const saved = await attachFile(user, id, file, attachmentsConfig.types[file.extname!.toLowerCase()])
      if (!saved) return incidentNotFound(ctx)
      ctx.response.status(201)
      return saved
    })

    router.get('/api/incidents/:id/attachments/:attachment', async (ctx) => {
      const id = await readableIncident(ctx)
      const attachmentId = Number(ctx.params.attachment)
      const found = /^\d+$/.test(ctx.params.attachment) && attachmentId <= 2147483647 ? await findAttachment(id, attachmentId) : null
      if (!found) throw new NotFoundError(message('record.not_found', { resource: 'incident_attachments', id: ctx.params.attachment }))
      ctx.response.header('Content-Type', found.content_type)
      ctx.response.header('Content-Disposition', dispositionOf(found.file_name))
      ctx.response.header('X-Content-Type-Options', 'nosniff')
      ctx.response.header('Content-Security-Policy', "default-src 'none'; sandbox")
      ctx.response.header('Cache-Control', 'private, no-store')
      ctx.response.stream(await drive.use().getStream(found.storageKey))
    })
  })
  .use(middleware.auth())

const incidentAnswer = { $ref: '#/components/schemas/Incident' }
const attachment = record({
  id: t.integer,
  incident_id: t.integer,
  file_name: t.string,
  content_type: t.string,
  size_bytes: t.integer,
  uploaded_by_id: orNull(t.integer),
  uploaded_by_name: orNull(t.string),
  uploaded_at: t.timestamp,
})
const attachmentParameter = { name: 'attachment', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }

documentRoute('get', '/api/assignment_groups/{id}/queue', {
  operationId: 'getAssignmentGroupQueue',
  summary: "The group's queue: its open incidents (new, assigned, in progress, on hold) within the reader's agency scope, the nearest SLA breach first (paused and stopped clocks last) unless sort says otherwise; takes the incident list's filter, sort and range",
  tags: ['assignment_groups'],
  parameters: [idParameter, ...listParameters],
  responses: { 200: pageAnswer('a page of incidents', incidentAnswer) },
})
documentRoute('post', '/api/incidents/{id}/link_parent', {
  operationId: 'linkIncidentParent',
  summary: 'Make the incident a child of a major incident (parent_id), or take it out (null). A major incident is never itself a child, and a child has no children',
  tags: ['incidents'],
  parameters: [idParameter],
  requestBody: jsonBody(linkParentValidator.toJSONSchema() as Record<string, unknown>),
  responses: { 200: jsonAnswer('the incident', incidentAnswer) },
  errors: { 403: 'your role does not work this type of incident', 422: 'no such parent within your scope, a parent that is itself a child or final, or an incident with children' },
})
documentRoute('get', '/api/incidents/{id}/impact', {
  operationId: 'getIncidentImpact',
  summary: "The incident's impact derived from the inventory over its affected items: links, the legacy lines behind an uplink, their agencies and information systems, within the reader's scope",
  tags: ['incidents'],
  parameters: [idParameter],
  responses: { 200: jsonAnswer('the impact', impactSchema) },
  errors: { 404: 'no such incident' },
})
documentRoute('get', '/api/incidents/{id}/attachments', {
  operationId: 'listIncidentAttachments',
  summary: "The incident's attachments, oldest first",
  tags: ['incidents'],
  parameters: [idParameter],
  responses: { 200: jsonAnswer('the attachments', listOf(attachment)) },
})
documentRoute('post', '/api/incidents/{id}/attachments', {
  operationId: 'attachIncidentFile',
  summary: 'Attach a file (multipart field "file"): types by extension and size as config/attachments.ts allows; recorded in the timeline and the audit log',
  tags: ['incidents'],
  parameters: [idParameter],
  requestBody: {
    required: true,
    content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } },
  },
  responses: { 201: jsonAnswer('the attachment', attachment) },
  errors: { 403: 'your role does not work this type of incident', 413: 'the file is larger than attachments may be', 422: 'no file, or a type of file not accepted' },
})
documentRoute('get', '/api/incidents/{id}/attachments/{attachment}', {
  operationId: 'downloadIncidentAttachment',
  summary: 'Download an attachment: always as an attachment (Content-Disposition), with its type from the accepted list and X-Content-Type-Options: nosniff',
  tags: ['incidents'],
  parameters: [idParameter, attachmentParameter],
  responses: {
    200: {
      description: 'the file, as the type its extension is accepted as',
      content: Object.fromEntries([...new Set(Object.values(attachmentsConfig.types))].map((type) => [type.split(';')[0], { schema: { type: 'string', format: 'binary' } }])),
    },
  },
})
