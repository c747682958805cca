import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { sendWebhook, DeliveryError } from '#app/notifications/senders'
import { envelope } from '#app/notifications/events'
import { message } from '#app/core/messages'
import ace from '@adonisjs/core/services/ace'
import { recordAudit, SYSTEM_ACTOR, verifyAuditChain } from '#app/audit/audit_log'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import { overrideConfig } from '#tests/support/config'
import notificationsConfig from '#config/notifications'

/**
 * What an outside tester tried against the demo, each answered as it must be now. Every test
 * here failed before its fix (issue 7, "Attack").
 */

/** No answer may carry the server's inside: a stack, SQL, a path or PostgreSQL's own words. */
function assertNothingLeaks(assert: any, text: string) {
  for (const leak of [/select\s.+\sfrom/i, /\bat .+\.(ts|js):\d+/, /\/work\/|node_modules/, /stack/i, /invalid input syntax/i, /violates/i]) {
    assert.notMatch(text, leak)
  }
}

test.group('attack: mistyped values', () => {
  test('a mistyped filter, range, id or value is a 422 naming the field, never a 500', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const cases: Array<[string, Record<string, string>, string]> = [
      ['/api/links', { filter: JSON.stringify({ agency_id: 'abc' }) }, 'agency_id'],
      ['/api/links', { filter: JSON.stringify({ agency_id: ['1', 'x'] }) }, 'agency_id'],
      ['/api/incidents', { filter: JSON.stringify({ opened_at_gte: 'yesterday' }) }, 'opened_at_gte'],
      ['/api/links', { filter: JSON.stringify({ bandwidth_kbps_gte: 'lots' }) }, 'bandwidth_kbps_gte'],
      ['/api/links', { range: '[1e20,1e20]' }, 'range'],
      ['/api/link_states', { filter: JSON.stringify({ suppressed: 'maybe' }) }, 'suppressed'],
      ['/api/link_states', { filter: JSON.stringify({ device_id: 99999999999 }) }, 'device_id'],
      ['/api/links', { filter: JSON.stringify({ q: 'a\u0000b' }) }, 'q'],
      ['/api/access_tokens', { filter: JSON.stringify({ user_id: 'me' }) }, 'user_id'],
    ]
    const admin = await makeUser('admin')
    for (const [path, qs, field] of cases) {
      const r = await client.get(path).qs(qs).loginAs(path === '/api/access_tokens' ? admin : noc)
      assert.equal(r.status(), 422, `${path} ${JSON.stringify(qs)}: ${r.text()}`)
      assert.equal(r.body().errors[0].field, field)
      assertNothingLeaks(assert, r.text())
    }

    // An id past the column's range names no record: 404, not a failed cast.
    const big = await client.get('/api/links/99999999999').loginAs(noc)
    big.assertStatus(404)
    assertNothingLeaks(assert, big.text())

    // A NUL inside a text PostgreSQL cannot store: 422, and nothing written.
    const nul = await client
      .post('/api/incidents')
      .json({ ...validBody('incidents', ministry.id), title: 'down\u0000here' })
      .loginAs(noc)
      .withCsrfToken()
    assert.equal(nul.status(), 422, nul.text())
    assertNothingLeaks(assert, nul.text())
  })

  test('an unknown route and a failure answer JSON without stack, unauthenticated too', async ({ client, assert }) => {
    const unknown = await client.get('/api/no_such_thing/1')
    assert.oneOf(unknown.status(), [401, 404])
    assertNothingLeaks(assert, unknown.text())
    assert.isArray(unknown.body().errors)
  })
})

test.group('attack: incident type', () => {
  test('a NOC operator cannot turn a security incident into a service one, nor an analyst the reverse', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const analyst = await makeUser('analyst')
    const noc = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const security = await client.post('/api/incidents').json(validBody('incidents', ministry.id, 'analyst')).loginAs(analyst).withCsrfToken()
    security.assertStatus(201)
    const service = await client.post('/api/incidents').json(validBody('incidents', ministry.id, 'noc')).loginAs(noc).withCsrfToken()
    service.assertStatus(201)

    const byNoc = await client.put(`/api/incidents/${security.body().id}`).json({ type: 'service', status: 'cancelled' }).loginAs(noc).withCsrfToken()
    byNoc.assertStatus(403)
    const byAnalyst = await client.put(`/api/incidents/${service.body().id}`).json({ type: 'security' }).loginAs(analyst).withCsrfToken()
    byAnalyst.assertStatus(403)
    // A liaison handles both types, but only G-ISAC decides that a security incident is not one.
    const byLiaison = await client.put(`/api/incidents/${security.body().id}`).json({ type: 'service' }).loginAs(liaison).withCsrfToken()
    byLiaison.assertStatus(403)

    const stored = await db.from('incidents').whereIn('id', [security.body().id, service.body().id]).orderBy('id')
    assert.deepEqual(stored.map((r) => [r.type, r.status]), [['security', 'new'], ['service', 'new']])

    const byGisac = await client.put(`/api/incidents/${security.body().id}`).json({ type: 'service' }).loginAs(await makeUser('admin')).withCsrfToken()
    byGisac.assertStatus(200)
  })
})

test.group('attack: CSV formulas', () => {
  test('a name that starts a formula is exported as text, and imports back unchanged', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const admin = await makeUser('admin')
    const names = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2', '@SUM(A1)', "'=already quoted", 'plain 機房']
    const ids: number[] = []
    for (const name of names) {
      const r = await client.post('/api/data_centres').json({ ...validBody('data_centres', ministry.id), name }).loginAs(liaison).withCsrfToken()
      r.assertStatus(201)
      ids.push(r.body().id)
    }
    const exported = await client.get('/api/data_centres/export.csv').qs({ filter: JSON.stringify({ id: ids }) }).loginAs(admin)
    exported.assertStatus(200)
    const text = exported.text()
    for (const line of text.split(/\r?\n/).slice(1).filter(Boolean)) {
      const cells = line.split(',')
      for (const cell of cells) assert.notMatch(cell.replace(/^"/, ''), /^[=+\-@\t\r]/, `cell ${cell} would run as a formula`)
    }

    // The same file back in: nothing changes, the stored names are exactly what was typed.
    await db.from('data_centres').whereIn('id', ids).update({ name: 'overwritten' })
    const reimport = await client
      .post('/api/imports')
      .qs({ resource: 'data_centres', wait: 'true' })
      .file('file', Buffer.from(text), { filename: 'dc.csv' })
      .loginAs(admin)
      .withCsrfToken()
    assert.oneOf(reimport.status(), [200, 202], reimport.text())
    const stored = await db.from('data_centres').whereIn('id', ids).orderBy('id').select('name')
    assert.deepEqual(stored.map((r) => r.name), names)
  })
})

test.group('attack: credentials audited', () => {
  test('changing a device community or v3 keys through the API writes an audit row without the secret', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const created = await client.post('/api/devices').json(validBody('devices', ministry.id)).loginAs(noc).withCsrfToken()
    created.assertStatus(201)
    const id = created.body().id
    const createdAudit = await db.from('audit_log').where({ entity: 'devices', entity_id: String(id), action: 'create' }).first()
    assert.equal(createdAudit.after.snmp_credentials, 'sealed')

    const changed = await client.put(`/api/devices/${id}`).json({ snmp_community: 'new-secret-community' }).loginAs(noc).withCsrfToken()
    changed.assertStatus(200)
    const v3 = await client
      .put(`/api/devices/${id}`)
      .json({ snmp_version: '3', snmp_user: 'gsn', snmp_auth_protocol: 'sha', snmp_auth_key: 'auth-key-123', snmp_priv_protocol: 'aes', snmp_priv_key: 'priv-key-123' })
      .loginAs(noc)
      .withCsrfToken()
    v3.assertStatus(200)
    const updates = await db.from('audit_log').where({ entity: 'devices', entity_id: String(id), action: 'update' }).orderBy('id')
    assert.lengthOf(updates, 2)
    for (const row of updates) {
      assert.equal(row.before.snmp_credentials, 'sealed')
      assert.equal(row.after.snmp_credentials, 'sealed (replaced)')
      assert.notInclude(JSON.stringify(row), 'new-secret-community')
      assert.notInclude(JSON.stringify(row), 'auth-key-123')
    }
    // Saving the same community again changes nothing and writes nothing.
    const before = await db.from('audit_log').count('* as n').first()
    await client.put(`/api/devices/${id}`).json({ vendor: v3.body().vendor ?? null }).loginAs(noc).withCsrfToken()
    const after = await db.from('audit_log').count('* as n').first()
    assert.equal(after.n, before.n)
  })
})

test.group('attack: references across agencies', () => {
  test("a liaison cannot point its records at another agency's, and cannot tell whether they exist", async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const foreignDc = (await client.post('/api/data_centres').json(validBody('data_centres', other.id)).loginAs(admin).withCsrfToken()).body()
    const foreignLink = (await client.post('/api/links').json(validBody('links', other.id)).loginAs(admin).withCsrfToken()).body()
    const ownDc = (await client.post('/api/data_centres').json(validBody('data_centres', child.id)).loginAs(admin).withCsrfToken()).body()

    const system = await client
      .post('/api/information_systems')
      .json({ ...validBody('information_systems', ministry.id), data_centre_id: foreignDc.id })
      .loginAs(liaison)
      .withCsrfToken()
    system.assertStatus(422)
    const missing = await client
      .post('/api/information_systems')
      .json({ ...validBody('information_systems', ministry.id), data_centre_id: 2000000000 })
      .loginAs(liaison)
      .withCsrfToken()
    missing.assertStatus(422)
    // The same words for a record of another agency as for one that does not exist.
    assert.deepEqual(system.body().errors, missing.body().errors)

    const dc = await client
      .post('/api/data_centres')
      .json({ ...validBody('data_centres', ministry.id), status: 'consolidating', consolidated_into_id: foreignDc.id })
      .loginAs(liaison)
      .withCsrfToken()
    dc.assertStatus(422)
    assert.equal(dc.body().errors[0].field, 'consolidated_into_id')
    const inside = await client
      .post('/api/data_centres')
      .json({ ...validBody('data_centres', ministry.id), status: 'consolidating', consolidated_into_id: ownDc.id })
      .loginAs(liaison)
      .withCsrfToken()
    assert.notEqual(inside.status(), 422, inside.text())

    const incident = await client
      .post('/api/incidents')
      .json({ ...validBody('incidents', ministry.id), items: [{ item_type: 'link', item_id: foreignLink.id }] })
      .loginAs(liaison)
      .withCsrfToken()
    incident.assertStatus(422)
    const noSuch = await client
      .post('/api/incidents')
      .json({ ...validBody('incidents', ministry.id), items: [{ item_type: 'link', item_id: 2000000000 }] })
      .loginAs(liaison)
      .withCsrfToken()
    assert.equal(incident.body().errors[0].field, noSuch.body().errors[0].field)
    assert.equal(
      incident.body().errors[0].message.replace(String(foreignLink.id), 'N'),
      noSuch.body().errors[0].message.replace('2000000000', 'N')
    )

    // An incident a national operator tied to another agency's link can still be edited by the liaison.
    const tied = await client
      .post('/api/incidents')
      .json({ ...validBody('incidents', ministry.id), items: [{ item_type: 'link', item_id: foreignLink.id }] })
      .loginAs(admin)
      .withCsrfToken()
    tied.assertStatus(201)
    const edited = await client
      .put(`/api/incidents/${tied.body().id}`)
      .json({ priority: 'P2', items: [{ item_type: 'link', item_id: foreignLink.id }] })
      .loginAs(liaison)
      .withCsrfToken()
    edited.assertStatus(200)

    // The import path refers by natural key: a foreign data centre's code reads as unknown.
    const csv = `code,name,agency_code,category,status,data_centre_code\nSYS-X-${Date.now()},系統,${ministry.code},payroll,active,${foreignDc.code}\n`
    const imported = await client
      .post('/api/imports')
      .qs({ resource: 'information_systems', wait: 'true' })
      .file('file', Buffer.from(csv), { filename: 's.csv' })
      .loginAs(liaison)
      .withCsrfToken()
    const job = imported.body()
    assert.equal(job.rejected, 1, JSON.stringify(job))
    assert.equal(job.inserted, 0)
  })
})

test.group('attack: small leaks', () => {
  test("a liaison's link carried by another agency's router shows no name or region of that router", async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    await db.from('agencies').where('id', ministry.id).update({ region: 'east' })
    const admin = await makeUser('admin')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const router = (await client.post('/api/devices').json({ ...validBody('devices', other.id), region: 'south' }).loginAs(admin).withCsrfToken()).body()
    const link = (await client.post('/api/links').json({ ...validBody('links', ministry.id), device_id: router.id, if_index: 3 }).loginAs(admin).withCsrfToken()).body()

    const seen = await client.get('/api/link_states').qs({ filter: JSON.stringify({ q: link.circuit_id }) }).loginAs(liaison)
    seen.assertStatus(200)
    const row = seen.body().find((r: any) => r.id === link.id)
    assert.isNull(row.hostname)
    assert.equal(row.region, 'east')
    assert.notInclude(seen.text(), router.hostname)

    const national = await client.get('/api/link_states').qs({ filter: JSON.stringify({ q: link.circuit_id }) }).loginAs(admin)
    const full = national.body().find((r: any) => r.id === link.id)
    assert.equal(full.hostname, router.hostname)
    assert.equal(full.region, 'south')
  })

  test("another agency's record answers 404 like a missing one, on show, update and delete", async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const foreign = (await client.post('/api/data_centres').json(validBody('data_centres', other.id)).loginAs(admin).withCsrfToken()).body()
    for (const request of [
      () => client.get(`/api/data_centres/${foreign.id}`).loginAs(liaison),
      () => client.put(`/api/data_centres/${foreign.id}`).json({ racks: 1 }).loginAs(liaison).withCsrfToken(),
      () => client.get(`/api/data_centres/${2000000000}`).loginAs(liaison),
    ]) {
      const r = await request()
      r.assertStatus(404)
    }
    const stored = await db.from('data_centres').where('id', foreign.id).first()
    assert.equal(stored.racks, foreign.racks)
  })
})

test.group('attack: webhooks to internal addresses', (group) => {
  // Each test starts with no range allowed; what a test allows is undone with the rest.
  group.each.setup(() => overrideConfig(notificationsConfig, { webhookAllowedRanges: '' }))

  test('a channel cannot point a webhook at the metadata service, loopback or a private range unless an admin allows it', async ({ client, assert }) => {
    const noc = await makeUser('noc')
    const body = (target: string) => ({ name: `hook ${Math.random()}`, kind: 'webhook', target, secret: 'a-secret-of-sixteen-chars' })
    for (const target of [
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1:6379/',
      'http://localhost:3333/api/health',
      'http://[::1]/',
      'http://[::ffff:10.0.0.1]/',
      'https://10.1.2.3/hook',
      'https://192.168.1.1/hook',
      'http://0.0.0.0/',
    ]) {
      const r = await client.post('/api/notification_channels').json(body(target)).loginAs(noc).withCsrfToken()
      assert.equal(r.status(), 422, `${target}: ${r.text()}`)
      assert.equal(r.body().errors[0].field, 'target')
    }
    notificationsConfig.webhookAllowedRanges = '127.0.0.0/8'
    const inside = await client.post('/api/notification_channels').json(body('http://127.0.0.1:9/hook')).loginAs(noc).withCsrfToken()
    inside.assertStatus(201)
    const stillRefused = await client.post('/api/notification_channels').json(body('http://169.254.169.254/')).loginAs(noc).withCsrfToken()
    stillRefused.assertStatus(422)
  })

  test('the sender refuses an internal address when it connects, even for a channel saved before', async ({ assert }) => {
    let received = 0
    const server = http.createServer((_req, res) => {
      received++
      res.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    try {
      const event = envelope({
        type: 'link.down', at: new Date(), subject: { kind: 'link', id: 1 }, agency_id: null, priority: 'P2',
        summary: message('events.headline', { type: 'link.down', subject: 'GSN-L-000001', incident: null }),
        payload: {},
      })
      const delivery = { id: 1, event }
      for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`]) {
        const error = await sendWebhook(url, 'a-secret-of-sixteen-chars', delivery).then(() => null, (e) => e)
        assert.instanceOf(error, DeliveryError, url)
        assert.isTrue(error.permanent, url)
      }
      assert.equal(received, 0)
      notificationsConfig.webhookAllowedRanges = '127.0.0.0/8'
      const sent = await sendWebhook(`http://localhost:${port}/hook`, 'a-secret-of-sixteen-chars', delivery)
      assert.equal(sent.status, 200)
      assert.equal(received, 1)
    } finally {
      server.close()
    }
  })
})

test.group('attack: the database role', () => {
  test('audit:verify sends the verified head out of the database, to a file and the system log', async ({ assert }) => {
    const { mkdtemp, readFile } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    await ownAuditRow()
    const file = join(await mkdtemp(join(tmpdir(), 'gsn-head-')), 'heads.log')
    const first = await ace.exec('audit:verify', ['--head-file', file, '--syslog'])
    assert.equal(first.exitCode, 0)
    const { head } = await verifyAuditChain()
    const lines = (await readFile(file, 'utf8')).trim().split('\n')
    assert.lengthOf(lines, 1)
    assert.match(lines[0], new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\S+ ${head!.id}:${head!.hash}$`))
    await ace.exec('audit:verify', ['--head-file', file])
    assert.lengthOf((await readFile(file, 'utf8')).trim().split('\n'), 2, 'each run appends its head')
  })
})

/** One audit row of its own, so the chain has a head whatever ran before. */
async function ownAuditRow() {
  await db.transaction((trx) => recordAudit(trx, SYSTEM_ACTOR, [{ action: 'create', entity: 'test', entityId: 1, before: null, after: { at: Date.now() } }]))
}
