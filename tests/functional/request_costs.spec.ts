import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import User from '#app/access/user'
import { EXACT_COUNT_CAP } from '#app/core/list_count'
import { appUrl } from '#tests/support/browser'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import { P2_AROUND_THE_CLOCK, usePolicies } from '#tests/functional/service_levels/support'

/**
 * What a request costs beyond its answer, where load showed it (bench/api_load.ts): the answers
 * stay the same, the work behind them does not grow with the page, the table or the caller.
 */
/** Every statement the server runs while `call` runs, as knex sends them. */
async function statementsOf(call: () => Promise<void>) {
  const statements: string[] = []
  const listen = (query: { sql: string }) => statements.push(query.sql)
  const knex = db.connection().getReadClient()
  knex.on('query', listen)
  try {
    await call()
  } finally {
    knex.off('query', listen)
  }
  return statements
}

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

  test('a page of incidents and an incident are read with their items, names, children and status moves in one statement', async ({ client, assert }) => {
    await usePolicies((['P1', 'P2', 'P3', 'P4'] as const).map((priority) => ({ ...P2_AROUND_THE_CLOCK, priority })))
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const raise = async () => {
      const created = await client.post('/api/incidents').json(validBody('incidents', ministry.id, 'noc')).loginAs(noc).withCsrfToken()
      created.assertStatus(201)
      return created.body().id as number
    }
    const parent = await raise()
    const child = await raise()
    ;(await client.post(`/api/incidents/${child}/link_parent`).json({ parent_id: parent }).loginAs(noc).withCsrfToken()).assertStatus(200)
    ;(await client.post(`/api/incidents/${child}/assign`).json({ assignee_id: noc.id }).loginAs(noc).withCsrfToken()).assertStatus(200)

    for (const reader of [noc, liaison]) {
      const token = await User.accessTokens.create(reader)
      const bearer = { Authorization: `Bearer ${token.value!.release()}` }
      const list = appUrl(`/api/incidents?filter=${encodeURIComponent(JSON.stringify({ agency_id: ministry.id }))}&sort=${encodeURIComponent('["number","ASC"]')}`)
      assert.equal((await fetch(list, { headers: bearer })).status, 200, 'warm: the route and its column types are known')
      let page: any[] = []
      const listed = await statementsOf(async () => {
        page = (await (await fetch(list, { headers: bearer })).json()) as any[]
      })
      // The credentials, the page with all it shows, and the capped count beside it.
      assert.lengthOf(listed, 3, listed.join(' | '))
      assert.deepEqual(page.map((i) => i.id), [parent, child])
      assert.equal(page[0].open_children, 1)
      assert.equal(page[1].parent_number, page[0].number)
      assert.equal(page[1].assignee_name, noc.fullName)
      assert.equal(page[1].status, 'assigned')
      assert.isNotNull(page[1].sla.responded_at, 'the clock saw the move out of new')
      assert.isNull(page[0].sla.responded_at)
      assert.isArray(page[0].items)

      let shown: any = null
      const read = await statementsOf(async () => {
        shown = await (await fetch(appUrl(`/api/incidents/${child}`), { headers: bearer })).json()
      })
      assert.lengthOf(read, 2, read.join(' | '))
      // A running clock's elapsed share grows between the two reads.
      const settled = (incident: any) => ({ ...incident, sla: { ...incident.sla, respond_elapsed_share: 0, resolve_elapsed_share: 0 } })
      assert.deepEqual(settled(shown), settled(page[1]), 'a record shows what its row in the list shows')
    }
  })
})
