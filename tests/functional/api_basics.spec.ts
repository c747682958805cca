import { test } from '@japa/runner'
import { makeAgencyTree, makeUser, makeCode, TEST_PASSWORD } from '#tests/support/fixtures'

test.group('API basics', () => {
  test('every API route refuses a request without login', async ({ client }) => {
    for (const path of ['/api/links', '/api/agencies/1', '/api/audit_log', '/metrics', '/api/auth/me']) {
      const response = await client.get(path)
      response.assertStatus(401)
    }
  })

  test('health reports database and redis readiness without login', async ({ client }) => {
    const response = await client.get('/api/health')
    response.assertStatus(200)
    response.assertBodyContains({ status: 'ok', database: { ok: true }, redis: { ok: true } })
  })

  test('login with a session cookie, then read who I am', async ({ client, assert }) => {
    const user = await makeUser('noc')
    const login = await client.post('/api/auth/login').json({ email: user.email, password: TEST_PASSWORD }).withCsrfToken()
    login.assertStatus(200)
    assert.equal(login.body().role, 'noc')
    assert.deepEqual(login.body().permissions.links, ['read', 'create', 'update', 'delete'])
    const cookie = login.cookie('gsn-session')
    assert.exists(cookie)
  })

  test('a wrong password is refused, and repeated failures are locked out', async ({ client }) => {
    const user = await makeUser('cio')
    for (let i = 0; i < 5; i++) {
      const r = await client.post('/api/auth/login').json({ email: user.email, password: 'wrong-password!' }).withCsrfToken()
      r.assertStatus(400)
    }
    const locked = await client.post('/api/auth/login').json({ email: user.email, password: TEST_PASSWORD }).withCsrfToken()
    locked.assertStatus(429)
  })

  test('list answers in ra-data-simple-rest conventions', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const user = await makeUser('cio')
    const response = await client
      .get('/api/agencies')
      .qs({ filter: JSON.stringify({ id: [ministry.id] }), range: '[0,9]', sort: '["name","ASC"]' })
      .loginAs(user)
    response.assertStatus(200)
    assert.equal(response.header('content-range'), 'agencies 0-0/1')
    assert.equal(response.body()[0].id, ministry.id)
  })

  test('a list URL typed by hand, commas not escaped, reads the same', async ({ client, assert }) => {
    const { ministry, child } = await makeAgencyTree()
    const user = await makeUser('cio')
    const response = await client
      .get(`/api/agencies?filter={"id":[${ministry.id},${child.id}]}&range=[0,0]&sort=["id","DESC"]`)
      .loginAs(user)
    response.assertStatus(200)
    assert.equal(response.header('content-range'), 'agencies 0-0/2')
    assert.equal(response.body()[0].id, Math.max(ministry.id, child.id))
  })

  test('a bad filter is a 422 naming the field', async ({ client }) => {
    const user = await makeUser('cio')
    const response = await client.get('/api/links').qs({ filter: '{"nope":1}' }).loginAs(user)
    response.assertStatus(422)
    response.assertBodyContains({ errors: [{ field: 'nope' }] })
  })

  test('create a link, 422 on invalid body, 404 on unknown id', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const bad = await client.post('/api/links').json({ name: '', kind: 'satellite' }).loginAs(noc).withCsrfToken()
    bad.assertStatus(422)
    const fields = bad.body().errors.map((e: { field: string }) => e.field)
    assert.includeMembers(fields, ['circuit_id', 'name', 'kind', 'agency_id', 'bandwidth_kbps', 'status'])

    const circuit = makeCode('CKT')
    const created = await client
      .post('/api/links')
      .json({
        circuit_id: circuit, name: '測試線路', kind: 'legacy', agency_id: ministry.id,
        a_end: '台北', z_end: 'GSN', bandwidth_kbps: 10240, status: 'active',
      })
      .loginAs(noc)
      .withCsrfToken()
    created.assertStatus(201)
    assert.equal(created.body().circuit_id, circuit)

    const missing = await client.get('/api/links/99999999').loginAs(noc)
    missing.assertStatus(404)
  })

  test('validation messages follow the account language', async ({ client, assert }) => {
    const noc = await makeUser('noc')
    noc.locale = 'zh-TW'
    await noc.save()
    const zh = await client.post('/api/links').json({ kind: 'satellite' }).loginAs(noc).withCsrfToken()
    zh.assertStatus(422)
    const byField = Object.fromEntries(zh.body().errors.map((e: any) => [e.field, e.message]))
    assert.equal(byField.circuit_id, '此欄位為必填')
    assert.equal(byField.kind, '不是可選的值')

    noc.locale = 'en'
    await noc.save()
    const en = await client.post('/api/links').json({ kind: 'satellite' }).loginAs(noc).withCsrfToken()
    assert.match(en.body().errors.find((e: any) => e.field === 'circuit_id').message, /must be defined/)
  })
})
