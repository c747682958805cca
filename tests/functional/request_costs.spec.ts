import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import User from '#app/access/user'
import { EXACT_COUNT_CAP } from '#app/core/list_count'
import { appUrl } from '#tests/support/browser'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'

/**
 * What a request costs beyond its answer, where load showed it (bench/api_load.ts): the answers
 * stay the same, the work behind them does not grow with the page, the table or the caller.
 */
test.group('Request costs', () => {
  test('a bearer token request gets no session, no cookie, and writes its last use once a minute', async ({ assert }) => {
    const user = await makeUser('noc')
    const token = await User.accessTokens.create(user)
    const bearer = { Authorization: `Bearer ${token.value!.release()}` }
    const sessionsBefore = await redis.dbsize()
    const first = await fetch(appUrl('/api/links?range=[0,0]'), { headers: bearer })
    assert.equal(first.status, 200)
    assert.deepEqual(first.headers.getSetCookie(), [], 'no session or XSRF cookie for a script')
    const usedAt = (await db.from('auth_access_tokens').where('id', String(token.identifier)).first()).last_used_at
    assert.isNotNull(usedAt)

    await fetch(appUrl('/api/links?range=[0,0]'), { headers: bearer })
    const again = (await db.from('auth_access_tokens').where('id', String(token.identifier)).first()).last_used_at
    assert.equal(new Date(again).getTime(), new Date(usedAt).getTime(), 'not rewritten within the minute')
    assert.equal(await redis.dbsize(), sessionsBefore, 'nothing stored in Redis for the two calls')

    const wrong = await fetch(appUrl('/api/links'), { headers: { Authorization: `Bearer oat_${Buffer.from(String(token.identifier)).toString('base64url')}.wrong-secret` } })
    assert.equal(wrong.status, 401)

    const browser = await fetch(appUrl('/api/auth/me'))
    assert.isNotEmpty(browser.headers.getSetCookie(), 'a browser still gets its session and XSRF cookie')

    // A login that also carries an Authorization header still gets its session.
    const login = await fetch(appUrl('/api/auth/login'), {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
    })
    assert.notEqual(login.status, 500, await login.text())
  })

  test('a bearer request reads its token and account in one statement; a disabled account or a revoked token is refused on the next request', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const user = await makeUser('noc')
    const token = await User.accessTokens.create(user)
    const bearer = { Authorization: `Bearer ${token.value!.release()}` }
    const show = appUrl(`/api/agencies/${ministry.id}`)
    assert.equal((await fetch(show, { headers: bearer })).status, 200, 'warm: the route and its column types are known')

    // Every statement the server runs for one show, as knex sends them.
    const statements: string[] = []
    const listen = (query: { sql: string }) => statements.push(query.sql)
    const knex = db.connection().getReadClient()
    knex.on('query', listen)
    try {
      const answer = await fetch(show, { headers: bearer })
      assert.equal(answer.status, 200)
      assert.equal(((await answer.json()) as { id: number }).id, ministry.id)
    } finally {
      knex.off('query', listen)
    }
    const credentials = statements.filter((sql) => /auth_access_tokens|"users"|\busers\b/.test(sql))
    assert.lengthOf(credentials, 1, `one statement for the token and its account: ${credentials.join(' | ')}`)
    assert.lengthOf(statements, 2, `the credentials and the record: ${statements.join(' | ')}`)

    await db.from('users').where('id', user.id).update({ active: false })
    assert.equal((await fetch(show, { headers: bearer })).status, 403, 'disabled: refused on the next request')
    await db.from('users').where('id', user.id).update({ active: true })
    assert.equal((await fetch(show, { headers: bearer })).status, 200)
    await db.from('auth_access_tokens').where('id', String(token.identifier)).delete()
    assert.equal((await fetch(show, { headers: bearer })).status, 401, 'revoked: refused on the next request')
  })

  test('a list past the exact-count cap reports an estimate that still pages; below it the count is exact', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    await db.rawQuery(
      `INSERT INTO incidents (number, title, type, priority, status, agency_id, opened_at, created_at, updated_at)
       SELECT 'INC-C' || lpad(g::text, 7, '0'), 'bulk ' || g, 'service', 'P4', 'closed', ?, now() - g * interval '1 minute', now(), now()
       FROM generate_series(1, ?::int) AS g`,
      [ministry.id, EXACT_COUNT_CAP + 50]
    )
    await db.rawQuery(
      `INSERT INTO incidents (number, title, type, priority, status, agency_id, opened_at, created_at, updated_at)
       SELECT 'INC-D' || lpad(g::text, 7, '0'), 'few ' || g, 'service', 'P1', 'new', ?, now(), now(), now() FROM generate_series(1, 7) AS g`,
      [other.id]
    )
    await db.rawQuery('ANALYZE incidents')

    const few = await client.get('/api/incidents').qs({ filter: JSON.stringify({ agency_id: other.id }), range: '[0,4]' }).withGuard('api').loginAs(noc)
    few.assertStatus(200)
    assert.equal(few.header('content-range'), 'incidents 0-4/7')

    const many = await client.get('/api/incidents').qs({ filter: JSON.stringify({ agency_id: ministry.id }), range: '[0,24]' }).withGuard('api').loginAs(noc)
    many.assertStatus(200)
    const total = Number(many.header('content-range')!.split('/')[1])
    assert.isAbove(total, EXACT_COUNT_CAP, 'never less than what was counted')
    assert.isBelow(total, (EXACT_COUNT_CAP + 50) * 2, "the planner's estimate, not a made-up figure")
    assert.lengthOf(many.body(), 25)
    assert.deepEqual(many.body()[0].items, [], 'items come with every incident of the page')
    const last = await client.get('/api/incidents').qs({ filter: JSON.stringify({ agency_id: ministry.id }), range: `[${EXACT_COUNT_CAP + 40},${EXACT_COUNT_CAP + 64}]` }).withGuard('api').loginAs(noc)
    assert.lengthOf(last.body(), 10, 'the pages past the cap hold the rows')
  })
})
