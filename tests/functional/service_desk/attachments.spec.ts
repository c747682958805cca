import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import attachmentsConfig from '#config/attachments'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { overrideConfig } from '#tests/support/config'
import { raise } from '#tests/functional/service_desk/support'

test.group('incident attachments', () => {
  test('uploaded, listed and downloaded by those who may read the incident, as an attachment that is never sniffed', async ({ client, assert }) => {
    const { ministry, child } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const incident = await raise(client, noc, child.id)
    const content = Buffer.from('14:02:11 ifOperStatus down\n14:02:41 ifOperStatus up\n')

    const uploaded = await client
      .post(`/api/incidents/${incident.id}/attachments`)
      .file('file', content, { filename: '線路紀錄.log', contentType: 'text/html' })
      .loginAs(noc)
      .withCsrfToken()
    uploaded.assertStatus(201)
    assert.include(uploaded.body(), { file_name: '線路紀錄.log', content_type: 'text/plain; charset=utf-8', size_bytes: content.length, uploaded_by_id: noc.id })

    const listed = await client.get(`/api/incidents/${incident.id}/attachments`).loginAs(liaison)
    listed.assertStatus(200)
    assert.deepEqual(listed.body().map((a: any) => a.id), [uploaded.body().id])

    const download = await client.get(`/api/incidents/${incident.id}/attachments/${uploaded.body().id}`).loginAs(liaison)
    download.assertStatus(200)
    assert.equal(download.text(), content.toString())
    assert.equal(download.header('content-type'), 'text/plain; charset=utf-8', 'the type comes from the accepted list, not from the uploader')
    assert.equal(download.header('x-content-type-options'), 'nosniff')
    assert.equal(download.header('content-disposition'), `attachment; filename="____.log"; filename*=UTF-8''${encodeURIComponent('線路紀錄.log')}`)

    const timeline = (await client.get(`/api/incidents/${incident.id}/timeline`).loginAs(noc)).body()
    assert.equal(timeline.at(-1).kind, 'attachment')
    assert.equal(timeline.at(-1).text, `File attached: 線路紀錄.log (${content.length} bytes)`)
    const audit = await db.from('audit_log').where({ entity: 'incident_attachments', entity_id: String(uploaded.body().id) }).firstOrFail()
    assert.equal(audit.after.file_name, '線路紀錄.log')
  })

  test("another agency's liaison gets 404 for the list, the file and an upload, as for an incident that does not exist", async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const outsider = await makeUser('agency_liaison', other.id)
    const incident = await raise(client, noc, ministry.id)
    const file = await client.post(`/api/incidents/${incident.id}/attachments`).file('file', Buffer.from('secret'), { filename: 'a.txt' }).loginAs(noc).withCsrfToken()
    file.assertStatus(201)
    const urls = [`/api/incidents/${incident.id}/attachments`, `/api/incidents/${incident.id}/attachments/${file.body().id}`]
    for (const url of urls) {
      const theirs = await client.get(url).loginAs(outsider)
      assert.equal(theirs.status(), 404, url)
      assert.notInclude(theirs.text(), 'secret')
    }
    const upload = await client.post(`/api/incidents/${incident.id}/attachments`).file('file', Buffer.from('x'), { filename: 'b.txt' }).loginAs(outsider).withCsrfToken()
    upload.assertStatus(404)
    // The attachment of one incident is not served under another's id, even to a national reader.
    const another = await raise(client, noc, ministry.id)
    ;(await client.get(`/api/incidents/${another.id}/attachments/${file.body().id}`).loginAs(noc)).assertStatus(404)
    ;(await client.get(`/api/incidents/${incident.id}/attachments/99999999999`).loginAs(noc)).assertStatus(404)
    ;(await client.get(`/api/incidents/${incident.id}/attachments/..%2F..%2Fetc`).loginAs(noc)).assertStatus(404)
    assert.equal((await db.from('incident_attachments').where('incident_id', incident.id).count('* as n'))[0].n, '1')
  })

  test('a type not accepted is 422, a file too large 413, a missing file 422: nothing stored', async ({ client, assert, cleanup }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const incident = await raise(client, noc, ministry.id)
    const upload = (name: string, content: Buffer) =>
      client.post(`/api/incidents/${incident.id}/attachments`).file('file', content, { filename: name }).loginAs(noc).withCsrfToken()

    for (const name of ['page.html', 'drawing.svg', 'setup.exe', 'no-extension']) {
      const refused = await upload(name, Buffer.from('<script>alert(1)</script>'))
      assert.equal(refused.status(), 422, name)
      assert.equal(refused.body().errors[0].field, 'file')
      assert.match(refused.body().errors[0].message, /not accepted/)
    }
    cleanup(overrideConfig(attachmentsConfig, { maxBytes: 1024 }))
    const large = await upload('capture.txt', Buffer.alloc(4096, 'a'))
    large.assertStatus(413)
    assert.match(large.body().errors[0].message, /larger than the 1 KB an attachment may be/)
    const none = await client.post(`/api/incidents/${incident.id}/attachments`).json({}).loginAs(noc).withCsrfToken()
    none.assertStatus(422)
    assert.equal(none.body().errors[0].field, 'file')
    assert.equal((await db.from('incident_attachments').where('incident_id', incident.id).count('* as n'))[0].n, '0')
  })

  test('a name with a path is kept as its last part and never reaches the disk: files are stored under random keys', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const incident = await raise(client, noc, ministry.id)
    const uploaded = await client
      .post(`/api/incidents/${incident.id}/attachments`)
      .file('file', Buffer.from('root:x:0:0'), { filename: '../../../etc/passwd.txt' })
      .loginAs(noc)
      .withCsrfToken()
    uploaded.assertStatus(201)
    assert.equal(uploaded.body().file_name, 'passwd.txt')
    const row = await db.from('incident_attachments').where('id', uploaded.body().id).firstOrFail()
    assert.match(row.storage_key, new RegExp(`^incidents/${incident.id}/[0-9a-f-]{36}$`))
    assert.equal(await drive.use().get(row.storage_key), 'root:x:0:0')
  })
})
