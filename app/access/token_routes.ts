import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import User from '#app/access/user'
import { act } from '#app/access/abilities'
import { reference } from '#app/core/vine_rules'
import { recordAudit } from '#app/audit/audit_log'
import { actorOf } from '#app/core/resource'
import { middleware } from '#start/kernel'
import { documentRoute, jsonBody } from '#app/platform/openapi'

const issueValidator = vine.create({
  user_id: reference('users'),
  name: vine.string().trim().minLength(1).maxLength(100),
  expires_in_days: vine.number().withoutDecimals().range([1, 3650]).optional(),
})

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
    router.get('/', async ({ bouncer, request, response }) => {
      await bouncer.authorize(act, 'access_tokens', 'read')
      const userId = request.input('user_id')
      const query = db.from('auth_access_tokens').orderBy('id', 'desc')
      if (userId) query.where('tokenable_id', Number(userId))
      const rows = await query
      response.header('Content-Range', `access_tokens 0-${Math.max(rows.length - 1, 0)}/${rows.length}`)
      return rows.map(present)
    })

    router.post('/', async ({ auth, bouncer, request, response }) => {
      await bouncer.authorize(act, 'access_tokens', 'create')
      const input = await request.validateUsing(issueValidator)
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

    router.delete('/:id', async ({ auth, bouncer, params, response }) => {
      await bouncer.authorize(act, 'access_tokens', 'delete')
      const row = await db.from('auth_access_tokens').where('id', Number(params.id) || 0).first()
      if (!row) return response.notFound({ errors: [{ message: 'no such token' }] })
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

documentRoute('get', '/api/access_tokens', { summary: 'List access tokens (admins)', tags: ['access'] })
documentRoute('post', '/api/access_tokens', {
  summary: 'Issue a token for a user; the secret is in this answer only',
  tags: ['access'],
  requestBody: jsonBody(issueValidator.toJSONSchema() as Record<string, unknown>),
})
documentRoute('delete', '/api/access_tokens/{id}', { summary: 'Revoke a token', tags: ['access'] })
