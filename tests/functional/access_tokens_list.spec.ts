import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#app/access/user'
import { makeUser } from '#tests/support/fixtures'

/** The token list pages, sorts and filters like every other list (ra-data-simple-rest). */
test.group('access token list', () => {
  async function issue(owner: User, count: number, prefix: string) {
    const ids: number[] = []
    for (let i = 1; i <= count; i++) {
      const token = await User.accessTokens.create(owner, ['*'], { name: `${prefix} ${String(i).padStart(2, '0')}` })
      ids.push(Number(token.identifier))
    }
    return ids
  }

  test('more tokens than one page: range, Content-Range, sort and user_id filter', async ({ client, assert }) => {
    const admin = await makeUser('admin')
    const collector = await makeUser('noc')
    const script = await makeUser('cio')
    const collectorIds = await issue(collector, 30, 'collector')
    const scriptIds = await issue(script, 5, 'script')
    const [{ total }] = await db.from('auth_access_tokens').count('* as total')

    // Without a range: the first page of the default size, newest first.
    const first = await client.get('/api/access_tokens').loginAs(admin)
    first.assertStatus(200)
    assert.lengthOf(first.body(), 25)
    assert.equal(first.header('content-range'), `access_tokens 0-24/${total}`)
    assert.equal(first.body()[0].id, scriptIds[4])

    const page = async (range: [number, number], sort: [string, string], filter: Record<string, unknown>) => {
      const r = await client
        .get('/api/access_tokens')
        .qs({ range: JSON.stringify(range), sort: JSON.stringify(sort), filter: JSON.stringify(filter) })
        .loginAs(admin)
      r.assertStatus(200)
      return { rows: r.body() as Array<Record<string, any>>, contentRange: r.header('content-range') }
    }

    const one = await page([0, 9], ['id', 'ASC'], { user_id: collector.id })
    assert.equal(one.contentRange, 'access_tokens 0-9/30')
    assert.deepEqual(one.rows.map((t) => t.id), collectorIds.slice(0, 10))
    const two = await page([10, 19], ['id', 'ASC'], { user_id: collector.id })
    const last = await page([20, 29], ['id', 'ASC'], { user_id: collector.id })
    assert.equal(last.contentRange, 'access_tokens 20-29/30')
    assert.deepEqual([...one.rows, ...two.rows, ...last.rows].map((t) => t.id), collectorIds)
    const beyond = await page([25, 34], ['id', 'ASC'], { user_id: collector.id })
    assert.equal(beyond.contentRange, 'access_tokens 25-29/30')
    assert.lengthOf(beyond.rows, 5)
    for (const row of [...one.rows, ...two.rows, ...last.rows]) {
      assert.equal(row.user_id, collector.id)
      assert.notProperty(row, 'hash')
      assert.notProperty(row, 'token')
    }

    const byName = await page([0, 2], ['name', 'DESC'], { user_id: collector.id })
    assert.deepEqual(byName.rows.map((t) => t.name), ['collector 30', 'collector 29', 'collector 28'])

    const both = await page([0, 99], ['id', 'DESC'], { user_id: [collector.id, script.id] })
    assert.equal(both.contentRange, 'access_tokens 0-34/35')
    assert.deepEqual(both.rows.map((t) => t.id), [...collectorIds, ...scriptIds].reverse())

    // react-admin's getMany asks by id.
    const many = await page([0, 1], ['id', 'ASC'], { id: [scriptIds[0], collectorIds[3]] })
    assert.deepEqual(many.rows.map((t) => t.id), [collectorIds[3], scriptIds[0]])

    const searched = await page([0, 9], ['id', 'ASC'], { q: 'script 0' })
    assert.includeMembers(searched.rows.map((t) => t.id), scriptIds)
    assert.isTrue(searched.rows.every((t) => t.name.startsWith('script')))

    const nobody = await page([0, 9], ['id', 'ASC'], { user_id: 1_000_000 })
    assert.equal(nobody.contentRange, 'access_tokens 0-0/0')
    assert.deepEqual(nobody.rows, [])
    // A user id that is no number is the caller's mistake, said as such rather than "no tokens".
    const mistyped = await client.get('/api/access_tokens').qs({ filter: JSON.stringify({ user_id: 'not-a-number' }) }).loginAs(admin)
    mistyped.assertStatus(422)
    mistyped.assertBodyContains({ errors: [{ field: 'user_id' }] })
  })

  test('bad list parameters are 422 and only admins list tokens', async ({ client }) => {
    const admin = await makeUser('admin')
    const bad = (qs: Record<string, string>) => client.get('/api/access_tokens').qs(qs).loginAs(admin)
    ;(await bad({ sort: '["hash","ASC"]' })).assertStatus(422)
    ;(await bad({ filter: '{"hash":"x"}' })).assertStatus(422)
    ;(await bad({ range: '[5,2]' })).assertStatus(422)
    ;(await bad({ range: 'nope' })).assertStatus(422)
    ;(await client.get('/api/access_tokens').loginAs(await makeUser('noc'))).assertStatus(403)
  })
})

test.group('access token list in the OpenAPI document', () => {
  test('documents the list parameters and the Content-Range header', async ({ client, assert }) => {
    const doc = (await client.get('/api/openapi.json').loginAs(await makeUser('cio'))).body()
    const list = doc.paths['/api/access_tokens'].get
    assert.sameMembers(list.parameters.map((p: { name: string }) => p.name), ['filter', 'sort', 'range'])
    assert.match(list.parameters.find((p: { name: string }) => p.name === 'filter').description, /user_id/)
    assert.property(list.responses[200].headers, 'Content-Range')
    assert.property(list.responses, '422')
  })
})
