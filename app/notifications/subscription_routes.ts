import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { recordAudit } from '#app/audit/audit_log'
import { actorOf } from '#app/core/resource'
import { FieldError, ForbiddenError, NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { contentRange, type FilterSpec } from '#app/core/list_query'
import { listQueryOf } from '#app/core/resource_routes'
import { choicesOf, SUBSCRIPTION_TOPICS, type Topic } from '#app/notifications/subscriptions'
import { documentRoute, jsonAnswer, jsonBody, listParameters, pageAnswer, record, t } from '#app/platform/openapi'

/**
 * Each person's subscriptions (app/notifications/subscriptions.ts): one row per topic, always
 * all five, a topic never chosen showing its default. A row's id is `<user id>-<topic>`; a person
 * reads and changes only their own (another's id answers 404 as if it did not exist), and an
 * admin may read everyone's but change none: what reaches a mailbox is its owner's choice.
 */

const choiceValidator = vine.create({
  topic: vine.enum(SUBSCRIPTION_TOPICS).optional(),
  email: vine.boolean({ strict: true }),
  live: vine.boolean({ strict: true }),
})
const patchValidator = vine.create({
  topic: vine.enum(SUBSCRIPTION_TOPICS).optional(),
  email: vine.boolean({ strict: true }).optional(),
  live: vine.boolean({ strict: true }).optional(),
})

const listSpec: FilterSpec = { fields: { user_id: 'exact', topic: 'exact' }, types: { user_id: 'integer' }, sortable: [], defaultSort: ['id', 'ASC'] }

const isTopic = (value: unknown): value is Topic => (SUBSCRIPTION_TOPICS as readonly unknown[]).includes(value)

function refuseTopic(field: string, topic: unknown): never {
  throw new FieldError(field, message('subscriptions.unknown_topic', { topic: String(topic), topics: SUBSCRIPTION_TOPICS }))
}

/** Every topic of each person, stored or defaulted, as the API answers them. */
async function rowsOf(userIds: number[]) {
  const stored = await db.from('notification_subscriptions').whereIn('user_id', userIds).select('user_id', 'topic', 'email', 'live', 'updated_at')
  return userIds.flatMap((userId) => {
    const own = stored.filter((s) => s.user_id === userId)
    const choices = choicesOf(own)
    return SUBSCRIPTION_TOPICS.map((topic) => ({
      id: `${userId}-${topic}`,
      user_id: userId,
      topic,
      ...choices[topic],
      chosen: own.some((s) => s.topic === topic),
    }))
  })
}

/**
 * The row the id names: the caller's own, or for an admin reading, anyone's. Someone else's (or a
 * malformed id) is not found, as if it did not exist.
 */
function rowNamed(ctx: HttpContext, reading = false): { userId: number; topic: Topic } {
  const match = /^(\d{1,10})-([a-z_]{1,40})$/.exec(String(ctx.params.id))
  const user = ctx.auth.user!
  const userId = Number(match?.[1])
  if (!match || (userId !== user.id && !(reading && user.role === 'admin'))) {
    throw new NotFoundError(message('subscriptions.not_found', { id: String(ctx.params.id) }))
  }
  if (!isTopic(match[2])) refuseTopic('topic', match[2])
  return { userId, topic: match[2] }
}

async function save(ctx: HttpContext, partial: boolean) {
  await ctx.bouncer.authorize(act, 'notification_subscriptions', 'update')
  const user = ctx.auth.user!
  const { topic } = rowNamed(ctx)
  const options = { messagesProvider: messagesFor(user.locale) }
  const input: { topic?: Topic; email?: boolean; live?: boolean } = partial
    ? await ctx.request.validateUsing(patchValidator, options)
    : await ctx.request.validateUsing(choiceValidator, options)
  if (input.topic !== undefined && input.topic !== topic) refuseTopic('topic', input.topic)
  const [before] = (await rowsOf([user.id])).filter((r) => r.topic === topic)
  const choice = { email: input.email ?? before.email, live: input.live ?? before.live }
  await db.transaction(async (trx) => {
    const [row] = await trx
      .knexQuery()
      .table('notification_subscriptions')
      .insert({ user_id: user.id, topic, ...choice })
      .onConflict(['user_id', 'topic'])
      .merge({ ...choice, updated_at: new Date() })
      .returning('id')
    if (before.email !== choice.email || before.live !== choice.live || !before.chosen) {
      await recordAudit(trx, actorOf(user), [
        {
          action: before.chosen ? 'update' : 'create',
          entity: 'notification_subscriptions',
          entityId: row.id,
          before: before.chosen ? { topic, email: before.email, live: before.live } : null,
          after: { user_id: user.id, topic, ...choice },
        },
      ])
    }
  })
  return (await rowsOf([user.id])).find((r) => r.topic === topic)
}

router
  .group(() => {
    router.get('/', async (ctx) => {
      await ctx.bouncer.authorize(act, 'notification_subscriptions', 'read')
      const user = ctx.auth.user!
      const list = await listQueryOf(ctx, { filters: listSpec })
      const asked = list.equals.find((e) => e.field === 'user_id')?.values.map(Number)
      const topics = list.equals.find((e) => e.field === 'topic')?.values
      for (const topic of topics ?? []) if (!isTopic(topic)) refuseTopic('filter.topic', topic)
      const admin = user.role === 'admin'
      if (!admin && asked?.some((id) => id !== user.id)) throw new ForbiddenError(message('subscriptions.not_yours'))
      // An admin without a filter reads every active account's; everyone else their own.
      const userIds = asked ?? (admin ? (await db.from('users').where('active', true).orderBy('id').select('id')).map((u) => u.id) : [user.id])
      const rows = (await rowsOf(userIds)).filter((r) => !topics || topics.includes(r.topic))
      const page = rows.slice(list.offset, list.offset + list.limit)
      ctx.response.header('Content-Range', contentRange('notification_subscriptions', list.offset, page.length, rows.length))
      ctx.response.header('X-Total-Count', String(rows.length))
      return page
    })

    router.get('/:id', async (ctx) => {
      await ctx.bouncer.authorize(act, 'notification_subscriptions', 'read')
      const { userId, topic } = rowNamed(ctx, true)
      const [row] = (await rowsOf([userId])).filter((r) => r.topic === topic)
      if (!(await db.from('users').where('id', userId).first())) throw new NotFoundError(message('subscriptions.not_found', { id: String(ctx.params.id) }))
      return row
    })

    router.put('/:id', (ctx) => save(ctx, false))
    router.patch('/:id', (ctx) => save(ctx, true))
  })
  .prefix('/api/notification_subscriptions')
  .use(middleware.auth())

const subscription = record({ id: t.string, user_id: t.integer, topic: { enum: [...SUBSCRIPTION_TOPICS] }, email: t.boolean, live: t.boolean, chosen: t.boolean })
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d+-[a-z_]+$' }, description: '`<your user id>-<topic>`' }
documentRoute('get', '/api/notification_subscriptions', {
  operationId: 'listNotificationSubscriptions',
  summary: 'Your subscriptions, one per topic (defaults where you chose none: live on, e-mail off); an admin may read everyone\'s',
  tags: ['notifications'],
  parameters: listParameters.map((p) => (p.name === 'filter' ? { ...p, description: 'JSON object: user_id → id or [ids] (others\' only for admins), topic → topic or [topics]' } : p)),
  responses: { 200: pageAnswer('a page of subscriptions', subscription) },
  errors: { 403: 'another person\'s subscriptions, asked by someone not an admin', 422: 'bad filter, topic or range' },
})
documentRoute('get', '/api/notification_subscriptions/{id}', {
  operationId: 'showNotificationSubscription',
  summary: "One of your subscriptions (an admin may read anyone's)",
  tags: ['notifications'],
  parameters: [idParam],
  responses: { 200: jsonAnswer('the subscription', subscription) },
  errors: { 404: 'not one of yours', 422: 'not a topic' },
})
for (const [method, validator, summary] of [
  ['put', choiceValidator, 'Choose whether you hear a topic by e-mail and live'],
  ['patch', patchValidator, 'Change one or both of your choices for a topic'],
] as const) {
  documentRoute(method, '/api/notification_subscriptions/{id}', {
    operationId: `${method === 'put' ? 'set' : 'change'}NotificationSubscription`,
    summary,
    tags: ['notifications'],
    parameters: [idParam],
    requestBody: jsonBody(validator.toJSONSchema() as Record<string, unknown>),
    responses: { 200: jsonAnswer('the subscription as it now stands', subscription) },
    errors: { 404: 'not one of yours', 422: 'not a topic, or not true/false' },
  })
}
