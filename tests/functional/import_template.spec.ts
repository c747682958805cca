import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { importableResources } from '#app/resources'
import { makeAgency, makeCode, makeUser } from '#tests/support/fixtures'

/** The template an agency fills in before its first import (issue 12). */
test.group('import templates', () => {
  test("every importable resource's template is its CSV header, which the import reads back", async ({ client, assert }) => {
    const noc = await makeUser('noc')
    for (const def of importableResources) {
      const answer = await client.get('/api/imports/template.csv').qs({ resource: def.name }).loginAs(noc)
      answer.assertStatus(200)
      assert.match(answer.header('content-type') ?? '', /^text\/csv/)
      assert.include(answer.header('content-disposition') ?? '', `${def.name}-template.csv`)
      assert.equal(answer.text(), `\uFEFF${def.csvColumns.join(',')}\n`, def.name)
    }

    // Filled in with one line, the links template imports that line.
    const agency = await makeAgency({ level: 2 })
    const code = (await db.from('agencies').where('id', agency.id).first()).code
    const template = (await client.get('/api/imports/template.csv').qs({ resource: 'links' }).loginAs(noc)).text()
    const circuit = makeCode('TPL')
    const values: Record<string, string> = {
      circuit_id: circuit, name: '範本線路', kind: 'legacy', agency_code: code, a_end: '機關端', z_end: 'GSN-TPE',
      bandwidth_kbps: '10240', status: 'active',
    }
    const header = template.replace('\uFEFF', '').trim().split(',')
    const file = Buffer.from(template + header.map((c) => values[c] ?? '').join(',') + '\n')
    const job = await client
      .post('/api/imports')
      .qs({ resource: 'links', wait: 'true' })
      .file('file', file, { filename: 'links.csv', contentType: 'text/csv' })
      .loginAs(noc)
      .withCsrfToken()
    job.assertStatus(200)
    assert.include(job.body(), { status: 'done', inserted: 1, rejected: 0 })
    assert.exists(await db.from('links').where('circuit_id', circuit).first())
  })

  test('an unknown resource is a 422 naming the field, in the reader\'s language; no login, no template', async ({ client, assert }) => {
    const noc = await makeUser('noc')
    for (const resource of ['users', '', 'links\u0000']) {
      const answer = await client.get('/api/imports/template.csv').qs({ resource }).loginAs(noc)
      answer.assertStatus(422)
      assert.equal(answer.body().errors[0].field, 'resource')
      assert.notInclude(answer.text(), 'at ')
    }
    ;(await client.get('/api/imports/template.csv').qs({ resource: 'links' })).assertStatus(401)
  })
})
