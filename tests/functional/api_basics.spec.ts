import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import { makeAgencyTree, makeUser, makeCode, TEST_PASSWORD } from '#tests/support/fixtures'
import { CookieSession } from '#tests/support/cookie_session'

/** The only routes a stranger may call: load balancers poll health, and people have to log in. */
const OPEN_ROUTES = new Set(['GET /api/health', 'POST /api/auth/login'])

/** Every route the server registers, as `METHOD url` with its parameters filled in plausibly. */
function registeredRoutes() {
  const routes: Array<{ method: string; url: string; name: string }> = []
  for (const route of Object.values(router.toJSON()).flat()) {
    const url = route.pattern.replace(/:([a-z_]+)\??/g, (_, param) => (param === 'resource' ? 'links' : '1'))
    for (const method of route.methods) {
      if (method === 'HEAD') continue
      routes.push({ method, url, name: `${method} ${route.pattern}` })
    }
  }
  return routes
}

test.group('API basics', () => {
  test('every route but health and login refuses a request without login', async ({ client, assert }) => {
    const routes = registeredRoutes()
    // Guards the generation itself: an empty or shrunken router would make this test vacuous.
    assert.includeMembers(routes.map((r) => r.name), ['GET /api/links', 'PATCH /api/links/:id', 'POST /api/auth/logout', 'GET /metrics'])
    const answers: string[] = []
    for (const { method, url, name } of routes) {
      if (OPEN_ROUTES.has(name)) continue
      // A CSRF token goes with every request, so what refuses it is the missing login.
      const request = client.request(url, method as any).withCsrfToken()
      if (['POST', 'PUT', 'PATCH'].includes(method)) request.json({})
      const response = await request
      answers.push(`${name} → ${response.status()}`)
    }
    assert.deepEqual(answers.filter((a) => !a.endsWith('→ 401')), [], answers.join('\n'))
    assert.isAbove(answers.length, 40)
  })

  test('health reports database and redis readiness without login', async ({ client }) => {
    const response = await client.get('/api/health')
    response.assertStatus(200)
    response.assertBodyContains({ status: 'ok', database: { ok: true }, redis: { ok: true } })
  })

  test('login with a session cookie, then read who I am', async ({ assert }) => {
    const user = await makeUser('noc')
    const browser = new CookieSession()
    const login = await browser.logIn(user.email, TEST_PASSWORD)
    assert.equal(login.status, 200, login.text)
    assert.equal(login.json().role, 'noc')
    assert.deepEqual(login.json().permissions.links, ['read', 'create', 'update', 'delete'])
    assert.isTrue(browser.cookies.has('gsn-session'))

    // The cookie the login handed out, and nothing else, says who is asking.
    const me = await browser.request('GET', '/api/auth/me')
    assert.equal(me.status, 200, me.text)
    assert.deepInclude(me.json(), { id: user.id, email: user.email, role: 'noc', agency_id: null, locale: 'en' })
    assert.deepEqual(me.json().permissions.links, ['read', 'create', 'update', 'delete'])
    assert.equal((await new CookieSession().request('GET', '/api/auth/me')).status, 401)
  })

  test('logout ends the session: its cookie, kept or replayed, answers 401', async ({ assert }) => {
    const user = await makeUser('cio')
    const browser = new CookieSession()
    assert.equal((await browser.logIn(user.email, TEST_PASSWORD)).status, 200)
    const kept = browser.copy()
    assert.equal((await kept.request('GET', '/api/auth/me')).status, 200, 'the copied cookie works before logout')

    const logout = await browser.request('POST', '/api/auth/logout')
    assert.equal(logout.status, 204, logout.text)
    assert.equal((await browser.request('GET', '/api/auth/me')).status, 401)
    const replayed = await kept.request('GET', '/api/auth/me')
    assert.equal(replayed.status, 401, replayed.text)
    assert.equal((await kept.request('GET', '/api/links')).status, 401)
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
    assert.equal(byField.kind, '不是可選的值（可選：legacy、uplink）')

    noc.locale = 'en'
    await noc.save()
    const en = await client.post('/api/links').json({ kind: 'satellite' }).loginAs(noc).withCsrfToken()
    assert.match(en.body().errors.find((e: any) => e.field === 'circuit_id').message, /must be defined/)
  })
})
