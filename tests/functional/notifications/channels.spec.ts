import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import NotificationChannel from '#app/notifications/notification_channel'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'

const SECRET = 'whsec-0123456789abcdef-test'

function webhookBody(agencyId: number | null, overrides: Record<string, unknown> = {}) {
  return {
    name: makeCode('SOC webhook'), kind: 'webhook', target: 'https://soc.gsn.test/hooks/gsn', secret: SECRET,
    event_types: ['link.down', 'incident.opened'], min_priority: 'P2', agency_id: agencyId, ...overrides,
  }
}

test.group('notification channels', () => {
  test('a webhook secret is sealed at rest, never answered back, never audited', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const created = await client.post('/api/notification_channels').json(webhookBody(ministry.id)).loginAs(noc).withCsrfToken()
    created.assertStatus(201)
    assert.notInclude(created.text(), SECRET)
    assert.isTrue(created.body().secret_set)
    assert.deepEqual(created.body().event_types, ['link.down', 'incident.opened'])

    const raw = await db.from('notification_channels').where('id', created.body().id).first()
    assert.notInclude(raw.secret, SECRET)
    const channel = await NotificationChannel.findOrFail(created.body().id)
    assert.equal(channel.openSecret(), SECRET)

    // Editing other fields keeps the secret; rotating it is audited as a time, not a value.
    const edited = await client.put(`/api/notification_channels/${channel.id}`).json({ min_priority: 'P1' }).loginAs(noc).withCsrfToken()
    edited.assertStatus(200)
    await channel.refresh()
    assert.equal(channel.openSecret(), SECRET)
    const rotated = await client
      .put(`/api/notification_channels/${channel.id}`)
      .json({ secret: 'whsec-rotated-secret-value-2' })
      .loginAs(noc)
      .withCsrfToken()
    rotated.assertStatus(200)
    await channel.refresh()
    assert.equal(channel.openSecret(), 'whsec-rotated-secret-value-2')

    const audit = await db.from('audit_log').where({ entity: 'notification_channels', entity_id: String(channel.id) }).orderBy('id')
    assert.lengthOf(audit, 3)
    assert.notInclude(JSON.stringify(audit), 'whsec-')
    assert.property(audit[2].after, 'secret_set_at')
  })

  test('bad channels are refused with the field named', async ({ client }) => {
    const noc = await makeUser('noc')
    const post = (body: Record<string, unknown>) => client.post('/api/notification_channels').json(body).loginAs(noc).withCsrfToken()
    const refused = async (body: Record<string, unknown>, field: string) => {
      const r = await post(body)
      r.assertStatus(422)
      r.assertBodyContains({ errors: [{ field }] })
    }
    await refused(webhookBody(null, { secret: undefined }), 'secret')
    await refused(webhookBody(null, { secret: 'short' }), 'secret')
    await refused(webhookBody(null, { target: 'ftp://soc.gsn.test/x' }), 'target')
    await refused(webhookBody(null, { target: 'https://user:pw@soc.gsn.test/x' }), 'target')
    await refused(webhookBody(null, { target: 'not a url' }), 'target')
    await refused(webhookBody(null, { event_types: ['link.sideways'] }), 'event_types.0')
    await refused(webhookBody(null, { min_priority: 'P9' }), 'min_priority')
    await refused({ name: makeCode('mail'), kind: 'email', target: 'noc@gsn.test, not-an-address' }, 'target')
    await refused({ name: makeCode('mail'), kind: 'email', target: 'noc@gsn.test', secret: SECRET }, 'secret')
    await refused(webhookBody(999_999_999), 'agency_id')
    const ok = await post({ name: makeCode('mail'), kind: 'email', target: ' noc@gsn.test,soc@gsn.test ' })
    ok.assertStatus(201)
    ok.assertBodyContains({ target: 'noc@gsn.test, soc@gsn.test', min_priority: 'P4', enabled: true, event_types: [], secret_set: false })
  })

  test('who may manage channels: admin and NOC; auditors read; others not at all', async ({ client }) => {
    const { ministry } = await makeAgencyTree()
    for (const role of ['cio', 'analyst', 'agency_liaison'] as const) {
      const user = await makeUser(role, role === 'agency_liaison' ? ministry.id : null)
      ;(await client.get('/api/notification_channels').loginAs(user)).assertStatus(403)
      ;(await client.post('/api/notification_channels').json(webhookBody(ministry.id)).loginAs(user).withCsrfToken()).assertStatus(403)
    }
    const auditor = await makeUser('auditor')
    ;(await client.get('/api/notification_channels').loginAs(auditor)).assertStatus(200)
    ;(await client.post('/api/notification_channels').json(webhookBody(ministry.id)).loginAs(auditor).withCsrfToken()).assertStatus(403)
    const admin = await makeUser('admin')
    ;(await client.post('/api/notification_channels').json(webhookBody(null)).loginAs(admin).withCsrfToken()).assertStatus(201)
  })
})
