import vine from '@vinejs/vine'
import type User from '#app/access/user'
import { agencyIdsInScope } from '#app/access/scope'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { parsePrefix } from '#app/flows/enrichment'
import type { FlowFilter } from '#app/flows/flow_store'

/** The longest range a query may cover (the minute aggregates' default retention). */
export const MAX_RANGE_DAYS = 400
/** Without from/to a query covers the last hour. */
export const DEFAULT_RANGE_MS = 3600_000

const instant = () => vine.date({ formats: ['iso8601'] }).optional()
const id = () => vine.number().withoutDecimals().positive().max(2_147_483_647).optional()

export const flowQueryValidator = vine.create({
  from: instant(),
  to: instant(),
  address: vine.string().trim().maxLength(64).optional(),
  port: vine.number().withoutDecimals().min(0).max(65535).optional(),
  protocol: vine.number().withoutDecimals().min(0).max(255).optional(),
  agency_id: id(),
  link_id: id(),
  direction: vine.enum(['src', 'dst'] as const).optional(),
  per: vine.enum(['agency', 'link'] as const).optional(),
  /** Seconds per point of a time series. */
  step: vine.number().withoutDecimals().min(60).max(86_400).optional(),
  limit: vine.number().withoutDecimals().min(1).max(1000).optional(),
  offset: vine.number().withoutDecimals().min(0).max(100_000).optional(),
})

export type FlowQuery = Awaited<ReturnType<typeof flowQueryValidator.validate>>

/**
 * A request's query string as a store filter, narrowed to the reader's agencies. Every refusal
 * is a 422 with the field it is about; the address is checked here so the database never sees
 * a value it would refuse.
 */
export async function flowFilterOf(user: User, qs: Record<string, unknown>, now = new Date()): Promise<{ filter: FlowFilter; query: FlowQuery }> {
  const query = await flowQueryValidator.validate(qs, { messagesProvider: messagesFor(user.locale) })
  const to = query.to ?? now
  const from = query.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS)
  if (from.getTime() >= to.getTime()) throw new FieldError('from', message('flows.range_order'))
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw new FieldError('from', message('flows.range_too_long', { days: MAX_RANGE_DAYS }))
  if (query.address !== undefined && !parsePrefix(query.address)) throw new FieldError('address', message('flows.address'))
  const scope = await agencyIdsInScope(user)
  const filter: FlowFilter = { from, to, scope: scope === null ? null : [...scope] }
  if (query.address !== undefined) filter.address = query.address
  if (query.port !== undefined) filter.port = query.port
  if (query.protocol !== undefined) filter.protocol = query.protocol
  if (query.agency_id !== undefined) filter.agencyId = query.agency_id
  if (query.link_id !== undefined) filter.linkId = query.link_id
  return { filter, query }
}
