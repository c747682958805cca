import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Device from '#app/devices/device'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'

test.group('devices and their SNMP credentials', () => {
  test('credentials are sealed at rest and never answered back', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const body = {
      ...validBody('devices', ministry.id), snmp_version: '3', snmp_community: null,
      snmp_user: 'gsnpoller', snmp_auth_protocol: 'SHA', snmp_auth_key: 'auth-secret-123', snmp_priv_protocol: 'AES', snmp_priv_key: 'priv-secret-456',
    }
    const created = await client.post('/api/devices').json(body).loginAs(noc).withCsrfToken()
    created.assertStatus(201)
    const text = created.text()
    assert.notInclude(text, 'auth-secret-123')
    assert.notInclude(text, 'priv-secret-456')
    assert.isTrue(created.body().snmp_credentials_set)
    assert.equal(created.body().snmp_auth_protocol, 'sha')

    const raw = await db.from('devices').where('id', created.body().id).first()
    assert.notInclude(raw.snmp_credentials, 'auth-secret-123')
    const audit = await db.from('audit_log').where({ entity: 'devices', entity_id: String(created.body().id) })
    assert.notInclude(JSON.stringify(audit), 'auth-secret-123')

    const device = await Device.findOrFail(created.body().id)
    assert.deepEqual(device.credentials(), {
      version: '3', user: 'gsnpoller', level: 'authPriv', authProtocol: 'sha', authKey: 'auth-secret-123', privProtocol: 'aes', privKey: 'priv-secret-456',
    })

    // An edit that does not mention the secrets keeps them.
    await client.put(`/api/devices/${device.id}`).json({ vendor: 'Juniper' }).loginAs(noc).withCsrfToken()
    await device.refresh()
    assert.equal(device.credentials()?.version, '3')
  })

  test('incomplete v3 settings are refused with the field named', async ({ client }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const r = await client
      .post('/api/devices')
      .json({ ...validBody('devices', ministry.id), snmp_version: '3', snmp_user: 'x', snmp_security_level: 'authPriv', snmp_auth_protocol: 'sha', snmp_auth_key: 'longenough1' })
      .loginAs(noc)
      .withCsrfToken()
    r.assertStatus(422)
    r.assertBodyContains({ errors: [{ field: 'snmp_priv_key' }] })
  })

  test('a management address must be an IP address', async ({ client }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const r = await client.post('/api/devices').json({ ...validBody('devices', ministry.id), management_address: 'not-an-ip' }).loginAs(noc).withCsrfToken()
    r.assertStatus(422)
    r.assertBodyContains({ errors: [{ field: 'management_address' }] })
  })
})
