import { test } from '@japa/runner'
import http from 'node:http'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { CookieSession } from '#tests/support/cookie_session'
import { until } from '#tests/support/wait'

/**
 * Credentials end when they should, on the real session store (Redis) and the real limiter:
 * login throttling that cannot be dodged or turned against an account's owner, sessions and
 * tokens that die with a password change or a disabled account, and live event streams that
 * close with them.
 */

/** One HTTP exchange from a chosen loopback address, as a client elsewhere on the network. */
function requestFrom(from: string, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return new Promise<{ status: number; cookies: string[]; text: string }>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: Number(process.env.PORT), method, path, localAddress: from, headers },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk) => (text += chunk))
        response.on('end', () => resolve({ status: response.statusCode!, cookies: response.headers['set-cookie'] ?? [], text }))
      }
    )
    request.on('error', reject)
    request.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

/** A person logging in from `from`: the page's first answer for the CSRF cookie, then the form. */
async function logInFrom(from: string, email: string, password: string, extra: Record<string, string> = {}) {
  const first = await requestFrom(from, 'GET', '/api/auth/me', { accept: 'application/json' })
  const cookies = first.cookies.map((c) => c.split(';')[0])
  const xsrf = decodeURIComponent(cookies.find((c) => c.startsWith('XSRF-TOKEN='))!.slice('XSRF-TOKEN='.length))
  return requestFrom(
    from,
    'POST',
    '/api/auth/login',
    { 'accept': 'application/json', 'content-type': 'application/json', 'cookie': cookies.join('; '), 'x-xsrf-token': xsrf, ...extra },
    { email, password }
  )
}

/** An open /api/events stream with the given cookie or token, and whether the server ended it. */
function openStream(headers: Record<string, string>) {
  const state = { status: 0, ended: false, text: '' }
  const request = http.get(`http://127.0.0.1:${process.env.PORT}/api/events`, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
    state.status = response.statusCode!
    response.setEncoding('utf8')
    response.on('data', (chunk) => (state.text += chunk))
    response.on('end', () => (state.ended = true))
    response.on('close', () => (state.ended = true))
  })
  request.on('error', () => (state.ended = true))
  return { state, close: () => request.destroy() }
}

const cookieOf = (browser: CookieSession) => [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ')

test.group('login throttling', () => {
  test('a new X-Forwarded-For per try does not reset the count: the sixth try is refused', async ({ assert }) => {
    const user = await makeUser('noc')
    for (let i = 0; i < 5; i++) {
      const r = await logInFrom('127.0.0.1', user.email, 'wrong-password', { 'x-forwarded-for': `203.0.113.${i + 1}` })
      assert.equal(r.status, 400, r.text)
    }
    const sixth = await logInFrom('127.0.0.1', user.email, TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.77' })
    assert.equal(sixth.status, 429, sixth.text)
  })

  test("failures sent in a victim's name lock the sender, not the victim", async ({ assert }) => {
    const victim = await makeUser('cio')
    // The attacker claims to be the victim's address; it is not believed.
    for (let i = 0; i < 5; i++) {
      await logInFrom('127.0.0.1', victim.email, 'wrong-password', { 'x-forwarded-for': '127.0.0.2' })
    }
    assert.equal((await logInFrom('127.0.0.1', victim.email, TEST_PASSWORD)).status, 429, 'the sender is locked')
    const fromVictim = await logInFrom('127.0.0.2', victim.email, TEST_PASSWORD)
    assert.equal(fromVictim.status, 200, fromVictim.text)
  })

  test('guessing one account from many addresses is slowed, and its owner still gets in', async ({ assert }) => {
    const owner = await makeUser('noc')
    // Eleven failures from three addresses (none reaching its own lock of five).
    for (const [i, from] of ['127.0.0.3', '127.0.0.3', '127.0.0.3', '127.0.0.3', '127.0.0.4', '127.0.0.4', '127.0.0.4', '127.0.0.4', '127.0.0.5', '127.0.0.5', '127.0.0.5'].entries()) {
      const r = await logInFrom(from, owner.email, `wrong-${i}`)
      assert.equal(r.status, 400, r.text)
    }
    const started = Date.now()
    const slowed = await logInFrom('127.0.0.6', owner.email, 'wrong-again')
    assert.equal(slowed.status, 400)
    assert.isAtLeast(Date.now() - started, 500, 'past ten failures each try on the account waits')
    const ownerIn = await logInFrom('127.0.0.7', owner.email, TEST_PASSWORD)
    assert.equal(ownerIn.status, 200, ownerIn.text)
  })

  test('one address guessing across many accounts is locked after twenty failures', async ({ assert }) => {
    const users = await Promise.all(Array.from({ length: 5 }, () => makeUser('cio')))
    for (let i = 0; i < 20; i++) {
      const r = await logInFrom('127.0.0.8', users[i % 5].email, 'wrong-password')
      assert.equal(r.status, 400, `failure ${i}: ${r.text}`)
    }
    const fresh = await makeUser('cio')
    assert.equal((await logInFrom('127.0.0.8', fresh.email, TEST_PASSWORD)).status, 429)
    assert.equal((await logInFrom('127.0.0.9', fresh.email, TEST_PASSWORD)).status, 200)
  })
})

test.group('credentials end with a password change or a disabled account', () => {
  test("an admin's password change ends the account's sessions and tokens", async ({ client, assert }) => {
    const admin = await makeUser('admin')
    const user = await makeUser('noc')
    const browser = new CookieSession()
    assert.equal((await browser.logIn(user.email, TEST_PASSWORD)).status, 200)
    const issued = await client.post('/api/access_tokens').json({ user_id: user.id, name: 'script' }).loginAs(admin).withCsrfToken()
    const bearer = { Authorization: `Bearer ${issued.body().token}` }
    assert.equal((await fetch(`http://127.0.0.1:${process.env.PORT}/api/auth/me`, { headers: bearer })).status, 200)

    const changed = await client.put(`/api/users/${user.id}`).json({ password: 'an-entirely-new-password' }).loginAs(admin).withCsrfToken()
    changed.assertStatus(200)
    assert.equal((await browser.request('GET', '/api/auth/me')).status, 401, 'the old session is over')
    assert.equal((await fetch(`http://127.0.0.1:${process.env.PORT}/api/auth/me`, { headers: bearer })).status, 401, 'the old token is over')

    const again = new CookieSession()
    assert.equal((await again.logIn(user.email, 'an-entirely-new-password')).status, 200)
    assert.equal((await again.request('GET', '/api/auth/me')).status, 200)
  })

  test('enabling a disabled account again does not bring its old sessions back', async ({ client, assert }) => {
    const admin = await makeUser('admin')
    const user = await makeUser('cio')
    const browser = new CookieSession()
    assert.equal((await browser.logIn(user.email, TEST_PASSWORD)).status, 200)
    await client.put(`/api/users/${user.id}`).json({ active: false }).loginAs(admin).withCsrfToken()
    assert.notEqual((await browser.request('GET', '/api/auth/me')).status, 200)
    await client.put(`/api/users/${user.id}`).json({ active: true }).loginAs(admin).withCsrfToken()
    assert.equal((await browser.request('GET', '/api/auth/me')).status, 401)
    assert.equal((await new CookieSession().logIn(user.email, TEST_PASSWORD)).status, 200)
  })
})

test.group('live event streams outlive no right', () => {
  test('a stream closes after logout, a disabled account, a narrowed scope and a revoked token', async ({ client, assert }) => {
    const admin = await makeUser('admin')
    const { ministry, child } = await makeAgencyTree()

    // Logout in another tab.
    const loggedOut = await makeUser('noc')
    const tab = new CookieSession()
    await tab.logIn(loggedOut.email, TEST_PASSWORD)
    const s1 = openStream({ cookie: cookieOf(tab) })
    await until('the stream to open', () => s1.state.text.includes(': connected'))
    assert.equal((await tab.copy().request('POST', '/api/auth/logout')).status, 204)
    await until('the stream to close after logout', () => s1.state.ended)

    // The account disabled by an admin.
    const disabled = await makeUser('cio')
    const tab2 = new CookieSession()
    await tab2.logIn(disabled.email, TEST_PASSWORD)
    const s2 = openStream({ cookie: cookieOf(tab2) })
    await until('the stream to open', () => s2.state.text.includes(': connected'))
    await client.put(`/api/users/${disabled.id}`).json({ active: false }).loginAs(admin).withCsrfToken()
    await until('the stream to close after the account is disabled', () => s2.state.ended)

    // The liaison's scope narrowed from the ministry to one agency below it.
    const liaison = await makeUser('agency_liaison', ministry.id)
    const tab3 = new CookieSession()
    await tab3.logIn(liaison.email, TEST_PASSWORD)
    const s3 = openStream({ cookie: cookieOf(tab3) })
    await until('the stream to open', () => s3.state.text.includes(': connected'))
    await client.put(`/api/users/${liaison.id}`).json({ agency_id: child.id }).loginAs(admin).withCsrfToken()
    await until('the stream to close after the scope changed', () => s3.state.ended)

    // A script's token revoked.
    const script = await makeUser('noc')
    const issued = await client.post('/api/access_tokens').json({ user_id: script.id, name: 'board' }).loginAs(admin).withCsrfToken()
    const s4 = openStream({ authorization: `Bearer ${issued.body().token}` })
    await until('the stream to open', () => s4.state.text.includes(': connected'))
    await client.delete(`/api/access_tokens/${issued.body().id}`).loginAs(admin).withCsrfToken()
    await until('the stream to close after the token is revoked', () => s4.state.ended)

    // A stream whose right stands stays open meanwhile.
    const steady = await makeUser('noc')
    const tab5 = new CookieSession()
    await tab5.logIn(steady.email, TEST_PASSWORD)
    const s5 = openStream({ cookie: cookieOf(tab5) })
    await until('the stream to open', () => s5.state.text.includes(': connected'))
    const recheckedAt = Date.now()
    await until('two re-checks to pass', () => Date.now() - recheckedAt > 4500)
    assert.isFalse(s5.state.ended)
    s5.close()
    const left = await db.from('users').where('id', steady.id).first()
    assert.isTrue(left.active)
  })
})
