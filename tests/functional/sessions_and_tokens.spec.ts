import { test } from '@japa/runner'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'

test.group('sessions and access tokens', () => {
  test('a cookie session must carry the CSRF token to write', async ({ client }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const without = await client.post('/api/links').json(validBody('links', ministry.id)).loginAs(noc)
    without.assertStatus(403)
    const withToken = await client.post('/api/links').json(validBody('links', ministry.id)).loginAs(noc).withCsrfToken()
    withToken.assertStatus(201)
  })

  test('an admin issues a token once, a script uses it, the admin revokes it', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const collector = await makeUser('noc')
    const issued = await client.post('/api/access_tokens').json({ user_id: collector.id, name: 'snmp collector north' }).loginAs(admin).withCsrfToken()
    issued.assertStatus(201)
    const token = issued.body().token
    assert.match(token, /^oat_/)

    const listed = await client.get('/api/access_tokens').loginAs(admin)
    const row = listed.body().find((t: any) => t.id === issued.body().id)
    assert.equal(row.name, 'snmp collector north')
    assert.notProperty(row, 'token')
    assert.notProperty(row, 'hash')

    // Bearer requests need no CSRF token: they carry no cookie a browser could replay.
    const used = await client.post('/api/links').json(validBody('links', ministry.id)).header('Authorization', `Bearer ${token}`)
    used.assertStatus(201)

    ;(await client.delete(`/api/access_tokens/${issued.body().id}`).loginAs(admin).withCsrfToken()).assertStatus(200)
    const after = await client.get('/api/links').header('Authorization', `Bearer ${token}`)
    after.assertStatus(401)
  })

  test('only admins issue tokens', async ({ client }) => {
    const noc = await makeUser('noc')
    const r = await client.post('/api/access_tokens').json({ user_id: noc.id, name: 'mine' }).loginAs(noc).withCsrfToken()
    r.assertStatus(403)
  })

  test('a bad token is 401 even with a valid session beside it', async ({ client }) => {
    const noc = await makeUser('noc')
    const r = await client.get('/api/links').header('Authorization', 'Bearer oat_bogus.value').loginAs(noc)
    r.assertStatus(401)
  })

  test('a disabled account cannot log in', async ({ client }) => {
    const user = await makeUser('cio')
    user.active = false
    await user.save()
    const r = await client.post('/api/auth/login').json({ email: user.email, password: TEST_PASSWORD }).withCsrfToken()
    r.assertStatus(403)
  })

  test('the language choice is kept on the account', async ({ client, assert }) => {
    const user = await makeUser('cio')
    const r = await client.put('/api/auth/me').json({ locale: 'zh-TW' }).loginAs(user).withCsrfToken()
    r.assertStatus(200)
    await user.refresh()
    assert.equal(user.locale, 'zh-TW')
    ;(await client.put('/api/auth/me').json({ locale: 'fr' }).loginAs(user).withCsrfToken()).assertStatus(422)
  })
})
