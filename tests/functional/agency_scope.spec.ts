import { test } from '@japa/runner'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'

test.group('agency scope', () => {
  test('a liaison sees their agency subtree and nothing beside it', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const liaison = await makeUser('agency_liaison', ministry.id)

    const inside = await client.post('/api/links').json(validBody('links', child.id)).loginAs(admin).withCsrfToken()
    const outside = await client.post('/api/links').json(validBody('links', other.id)).loginAs(admin).withCsrfToken()

    const agencies = await client.get('/api/agencies').qs({ range: '[0,999]' }).loginAs(liaison)
    const agencyIds = agencies.body().map((a: any) => a.id)
    assert.includeMembers(agencyIds, [ministry.id, child.id])
    assert.notInclude(agencyIds, other.id)

    const links = await client.get('/api/links').qs({ range: '[0,999]' }).loginAs(liaison)
    const linkIds = links.body().map((l: any) => l.id)
    assert.include(linkIds, inside.body().id)
    assert.notInclude(linkIds, outside.body().id)
    assert.match(links.header('content-range') ?? '', new RegExp(`/${links.body().length}$`))

    // Another agency's record is answered as one that does not exist.
    ;(await client.get(`/api/links/${outside.body().id}`).loginAs(liaison)).assertStatus(404)
    ;(await client.get(`/api/links/${inside.body().id}`).loginAs(liaison)).assertStatus(200)
  })

  test('a liaison writes inside their subtree only, and cannot move a record out of it', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)

    const own = await client.post('/api/data_centres').json(validBody('data_centres', child.id)).loginAs(liaison).withCsrfToken()
    own.assertStatus(201)
    const foreign = await client.post('/api/data_centres').json(validBody('data_centres', other.id)).loginAs(liaison).withCsrfToken()
    foreign.assertStatus(403)
    const moved = await client.put(`/api/data_centres/${own.body().id}`).json({ agency_id: other.id }).loginAs(liaison).withCsrfToken()
    moved.assertStatus(403)
    const stayed = await client.get(`/api/data_centres/${own.body().id}`).loginAs(liaison)
    assert.equal(stayed.body().agency_id, child.id)
  })

  test('the overview counts only what the user may see', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const cio = await makeUser('cio')
    await client.post('/api/data_centres').json(validBody('data_centres', ministry.id)).loginAs(admin).withCsrfToken()
    await client.post('/api/data_centres').json(validBody('data_centres', other.id)).loginAs(admin).withCsrfToken()

    const mine = await client.get('/api/overview').loginAs(liaison)
    mine.assertStatus(200)
    const national = await client.get('/api/overview').loginAs(cio)
    const dc = (r: any) => r.body().measures.find((m: any) => m.key === 'data_centres')
    assert.equal(dc(mine).remaining, 1)
    assert.isAbove(dc(national).remaining, dc(mine).remaining)
    assert.deepEqual(mine.body().by_ministry.map((m: any) => m.agency_id), [ministry.id])
    assert.equal(mine.body().by_ministry[0].data_centres_remaining, 1)
    assert.equal(dc(national).baseline, 280)
    assert.equal(dc(national).target, 80)
  })
})
