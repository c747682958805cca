import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { importCsv } from '#app/imports/import_service'
import { agencyResource } from '#app/agencies/agency_resource'
import type { ResourceDefinition } from '#app/core/resource'
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

  test('a new agency sits under one the writer may write, through the form as through a file', async ({ client, assert }) => {
    // The form and the importer share one write pipeline, so they answer alike.
    const { ministry, child, other } = await makeAgencyTree()
    const admin = await makeUser('admin', ministry.id)

    const inside = await client.post('/api/agencies').json(validBody('agencies', child.id)).loginAs(admin).withCsrfToken()
    inside.assertStatus(201)
    const outside = await client.post('/api/agencies').json(validBody('agencies', other.id)).loginAs(admin).withCsrfToken()
    outside.assertStatus(403)
    const outsideCode = makeCode('AG')
    const [under, below] = [makeCode('AG'), makeCode('AG')]
    const text = [
      'code,name,level,kind,region,parent_code,hub_code',
      `${outsideCode},外部,3,central,north,${other.code},`,
      `${under},署,3,central,north,${child.code},`,
      // Under the agency just created: in scope because its parent is.
      `${below},辦事處,4,central,north,${under},`,
    ].join('\n')
    const result = await importCsv({ def: agencyResource as unknown as ResourceDefinition, user: admin, source: [text] })
    assert.equal(result.inserted, 2)
    assert.equal(result.rejected, 1)
    assert.deepEqual(
      result.errors.toJSON().map((e) => [e.line, e.field]),
      [[2, 'parent_code']]
    )
    const stored = await db.from('agencies').whereIn('code', [outsideCode, under, below]).select('code')
    assert.sameMembers(stored.map((r) => r.code), [under, below])
  })
})
