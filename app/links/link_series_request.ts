import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { authorise, findRow } from '#app/core/resource'
import { FieldError, NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { linkResource } from '#app/links/link_resource'
import { TRAFFIC_RANGES, type TrafficRange } from '#app/samples/traffic'

const seriesQuery = vine.create({
  range: vine.enum(Object.keys(TRAFFIC_RANGES) as TrafficRange[]).optional(),
})

/**
 * What every series of a link asks of its request (traffic, latency): a reader of links, a valid
 * id, a range the charts know (24 h unless asked), and the link inside the reader's agency subtree;
 * another agency's link is answered as one that does not exist.
 */
export async function linkSeriesRequest({ auth, params, request }: HttpContext): Promise<{ id: number; range: TrafficRange }> {
  const user = auth.user!
  authorise(user, linkResource, 'read')
  const id = Number(params.id)
  if (!Number.isInteger(id) || id <= 0) throw new FieldError('id', message('record.id_positive'))
  const { range = '24h' } = await seriesQuery.validate(request.qs(), { messagesProvider: messagesFor(user.locale) })
  const link = await findRow(linkResource, user, id)
  if (!link) throw new NotFoundError(message('record.not_found', { resource: 'links', id }))
  return { id, range }
}
