import { test } from '@japa/runner'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'

test.group('incidents', () => {
  test('a new incident gets a number, its reporter and its clock; items link configuration items', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const link = await client.post('/api/links').json(validBody('links', ministry.id)).loginAs(noc).withCsrfToken()
    const created = await client
      .post('/api/incidents')
      .json({ ...validBody('incidents', ministry.id, 'noc'), items: [{ item_type: 'link', item_id: link.body().id }] })
      .loginAs(noc)
      .withCsrfToken()
    created.assertStatus(201)
    const body = created.body()
    assert.match(body.number, /^INC-\d{4}-\d{6}$/)
    assert.equal(body.status, 'new')
    assert.equal(body.reported_by_id, noc.id)
    assert.exists(body.opened_at)
    assert.deepEqual(body.items, [{ item_type: 'link', item_id: link.body().id }])

    const found = await client.get('/api/incidents').qs({ filter: JSON.stringify({ q: body.number }) }).loginAs(noc)
    assert.deepEqual(found.body().map((i: any) => i.id), [body.id])
  })

  test('an unknown configuration item is a 422 on that item', async ({ client }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const r = await client
      .post('/api/incidents')
      .json({ ...validBody('incidents', ministry.id, 'noc'), items: [{ item_type: 'device', item_id: 987654321 }] })
      .loginAs(noc)
      .withCsrfToken()
    r.assertStatus(422)
    r.assertBodyContains({ errors: [{ field: 'items.0.item_id' }] })
  })

  test('noc handles service incidents, analysts security ones', async ({ client }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const analyst = await makeUser('analyst')
    ;(await client.post('/api/incidents').json(validBody('incidents', ministry.id, 'analyst')).loginAs(noc).withCsrfToken()).assertStatus(403)
    ;(await client.post('/api/incidents').json(validBody('incidents', ministry.id, 'noc')).loginAs(analyst).withCsrfToken()).assertStatus(403)
    ;(await client.post('/api/incidents').json(validBody('incidents', ministry.id, 'analyst')).loginAs(analyst).withCsrfToken()).assertStatus(201)
  })
})
