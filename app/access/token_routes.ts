import { termCondition } from '#app/core/search_terms'
import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import User from '#app/access/user'
import { act } from '#app/access/abilities'
import { reference } from '#app/core/vine_rules'
import { recordAudit } from '#app/audit/audit_log'
import { actorOf } from '#app/core/resource'
import { NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { contentRange, type FilterSpec } from '#app/core/list_query'
import { listQueryOf } from '#app/core/resource_routes'
import { middleware } from '#start/kernel'
import { documentRoute, idParameter, jsonAnswer, jsonBody, listParameters, orNull, pageAnswer, record, t } from '#app/platform/openapi'

const issueValidator = vine.create({
  user_id: reference('users'),
  name: vine.string().trim().minLength(1).maxLength(100),
  expires_in_days: vine.number().withoutDecimals().range([1, 3650]).optional(),
})

/** The list's filters and sorts, in the API's names; COLUMNS maps them onto the table's. */
const tokenList: FilterSpec = {
  fields: { user_id: 'exact' },
  types: { id: 'integer', user_id: 'integer' },
  sortable: ['name', 'user_id', 'created_at', 'last_used_at', 'expires_at'],
  defaultSort: ['id', 'DESC'],
}
const COLUMNS: Record<string, string> = { id: 'id', user_id: 'tokenable_id', name: 'name', created_at: 'created_at', last_used_at: 'last_used_at', expires_at: 'expires_at' }

function present(row: any) {
  return {
    id: row.id,
    user_id: row.tokenable_id,
    name: row.name,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    expires_at: row.expires_at,
  }
}

/** Machine credentials (collectors, agency scripts): an admin issues them and revokes them. */
router
  .group(() => {
    router.get('/', async (ctx) => {
      await ctx.bouncer.authorize(act, 'access_tokens', 'read')
      const list = await listQueryOf(ctx, { filters: tokenList })
      const base = () => {
        const q = db.from('auth_access_tokens')
        for (const term of list.search) {
          const condition = termCondition('name', term)
          q.whereRaw(condition.sql, condition.bindings)
        }
        for (const { field, values } of list.equals) {
          // Checked as integers by the list query (tokenList.types).
          q.whereIn(COLUMNS[field], values.filter((v) => v !== null) as number[])
        }
        return q
      }
      const [{ total }] = await base().count('* as total')
      const rows = await base()
        .orderBy(COLUMNS[list.sort.field], list.sort.order)
        .orderBy('id', 'desc')
        .offset(list.offset)
        .limit(list.limit)
      ctx.response.header('Content-Range', contentRange('access_tokens', list.offset, rows.length, Number(total)))
      ctx.response.header('X-Total-Count', String(total))
      return rows.map(present)
    })

    router.post('/', async ({ auth, bouncer, request, response }) => {
      await bouncer.authorize(act, 'access_tokens', 'create')
      const input = await request.validateUsing(issueValidator, { messagesProvider: messagesFor(auth.user!.locale) })
      const owner = await User.findOrFail(input.user_id)
      const token = await User.accessTokens.create(owner, ['*'], {
        name: input.name,
        expiresIn: `${input.expires_in_days ?? 365} days`,
      })
      await db.transaction((trx) =>
        recordAudit(trx, actorOf(auth.user!), [
          { action: 'create', entity: 'access_tokens', entityId: String(token.identifier), before: null, after: { user_id: owner.id, name: input.name } },
        ])
      )
      response.status(201)
      // The secret is shown once, here; only its hash is kept.
      return { id: token.identifier, user_id: owner.id, name: input.name, token: token.value!.release(), expires_at: token.expiresAt }
    })

    router.delete('/:id', async ({ auth, bouncer, params }) => {
      await bouncer.authorize(act, 'access_tokens', 'delete')
      const row = await db.from('auth_access_tokens').where('id', Number(params.id) || 0).first()
      if (!row) throw new NotFoundError(message('tokens.not_found'))
      await db.transaction(async (trx) => {
        await trx.from('auth_access_tokens').where('id', row.id).delete()
        await recordAudit(trx, actorOf(auth.user!), [
          { action: 'delete', entity: 'access_tokens', entityId: String(row.id), before: present(row), after: null },
        ])
      })
      return present(row)
    })
  })
  .prefix('/api/access_tokens')
  .use(middleware.auth())

const token = record({ id: t.integer, user_id: t.integer, name: t.string, created_at: t.timestamp, last_used_at: orNull(t.timestamp), expires_at: orNull(t.timestamp) })
documentRoute('get', '/api/access_tokens', {
  operationId: 'listAccessTokens',
  summary: 'List access tokens (admins), a page at a time; never the secrets',
  tags: ['access'],
  parameters: listParameters.map((p) =>
    p.name === 'filter'
      ? { ...p, description: 'JSON object: user_id → id or [ids], id → id or [ids], q = part of the name' }
      : p.name === 'sort'
        ? { ...p, description: `JSON ["field","ASC|DESC"]; field: id, ${tokenList.sortable.join(', ')}` }
        : p
  ),
  responses: { 200: pageAnswer('a page of tokens', token) },
  errors: { 403: 'not an admin', 422: 'bad filter, sort or range' },
})
documentRoute('post', '/api/access_tokens', {
  operationId: 'issueAccessToken',
  summary: 'Issue a token for a user; the secret is in this answer only',
  tags: ['access'],
  requestBody: jsonBody(issueValidator.toJSONSchema() as Record<string, unknown>),
  responses: {
    201: jsonAnswer('the token, with its secret (`oat_…`) shown this once', record({ id: t.integer, user_id: t.integer, name: t.string, token: t.string, expires_at: orNull(t.timestamp) })),
  },
})
documentRoute('delete', '/api/access_tokens/{id}', {
  operationId: 'revokeAccessToken',
  summary: 'Revoke a token',
  tags: ['access'],
  parameters: [idParameter],
  responses: { 200: jsonAnswer('the token revoked', token) },
})
