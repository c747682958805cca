import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'

test.group('core information systems: form, import and export', () => {
  test('a liaison marks a system core; the CSV export carries it and an import of it sets it; a mistyped value is refused', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const made = await client.post('/api/information_systems').json(validBody('information_systems', ministry.id)).loginAs(liaison).withCsrfToken()
    made.assertStatus(201)
    assert.isFalse(made.body().core, 'not core unless said')
    const marked = await client.patch(`/api/information_systems/${made.body().id}`).json({ core: true }).loginAs(liaison).withCsrfToken()
    marked.assertStatus(200)
    assert.isTrue(marked.body().core)
    const refused = await client.patch(`/api/information_systems/${made.body().id}`).json({ core: 'very' }).loginAs(liaison).withCsrfToken()
    refused.assertStatus(422)
    refused.assertBodyContains({ errors: [{ field: 'core' }] })

    const exported = await client.get('/api/information_systems/export.csv').qs({ filter: JSON.stringify({ code: made.body().code }) }).loginAs(liaison)
    const [header, line] = exported.text().replace(/^\uFEFF/, '').trim().split(/\r?\n/)
    assert.equal(header.split(',').at(-1), 'core')
    assert.equal(line.split(',').at(-1), 'true')

    const code = makeCode('SYS')
    const imported = await client
      .post('/api/imports')
      .qs({ resource: 'information_systems', wait: 'true' })
      .file('file', Buffer.from(`code,name,agency_code,category,status,core\n${code},核心薪資系統,${ministry.code},payroll,active,true\n`), {
        filename: 'systems.csv', contentType: 'text/csv',
      })
      .loginAs(liaison)
      .withCsrfToken()
    imported.assertStatus(200)
    assert.include(imported.body(), { inserted: 1, rejected: 0 })
    assert.isTrue((await db.from('information_systems').where('code', code).firstOrFail()).core)
  })
})
