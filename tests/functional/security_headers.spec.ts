import { test } from '@japa/runner'
import { request, type IncomingHttpHeaders } from 'node:http'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import app from '@adonisjs/core/services/app'
import User from '#app/access/user'
import { makeUser } from '#tests/support/fixtures'

/** Raw HTTP, so that what the server sends (encoding, bytes) is seen as it is, not as a client decodes it. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(process.env.PORT), path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

function assertSecurityHeaders(assert: any, what: string, headers: IncomingHttpHeaders) {
  const csp = String(headers['content-security-policy'] ?? '')
  assert.include(csp, "frame-ancestors 'none'", `${what}: CSP`)
  assert.include(csp, "script-src 'self'", `${what}: CSP`)
  assert.notInclude(csp, 'unsafe-eval', `${what}: CSP`)
  assert.equal(headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options`)
  assert.equal(headers['x-content-type-options'], 'nosniff', `${what}: X-Content-Type-Options`)
  assert.equal(headers['referrer-policy'], 'same-origin', `${what}: Referrer-Policy`)
}

/** The entry script index.html names: a fingerprinted file under /assets/. */
function entryAsset() {
  const html = readFileSync(join(app.publicPath(), 'index.html'), 'utf8')
  const name = html.match(/src="\/assets\/([^"]+\.js)"/)?.[1]
  if (!name) throw new Error('index.html names no script under /assets/: build the UI first (npm run build:ui)')
  return name
}

test.group('Security headers and static caching', () => {
  test('the UI page cannot be framed or sniffed, and is asked for again every time', async ({ assert }) => {
    const page = await get('/')
    assert.equal(page.status, 200)
    assert.match(String(page.headers['content-type']), /^text\/html/)
    assertSecurityHeaders(assert, 'GET /', page.headers)
    assert.equal(page.headers['cache-control'], 'no-cache')
    assert.isString(page.headers.etag)
  })

  test('fingerprinted assets are cached for good and sent compressed as the browser accepts', async ({ assert }) => {
    const name = entryAsset()
    const onDisk = readFileSync(join(app.publicPath(), 'assets', name))
    const path = `/assets/${name}`

    const br = await get(path, { 'Accept-Encoding': 'gzip, deflate, br' })
    assert.equal(br.status, 200)
    assertSecurityHeaders(assert, path, br.headers)
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.equal(br.headers['content-encoding'], 'br')
    assert.equal(br.headers.vary, 'Accept-Encoding')
    assert.match(String(br.headers['content-type']), /^text\/javascript/)
    assert.isBelow(br.body.length, onDisk.length / 2)
    assert.isTrue(brotliDecompressSync(br.body).equals(onDisk))

    const gz = await get(path, { 'Accept-Encoding': 'gzip' })
    assert.equal(gz.headers['content-encoding'], 'gzip')
    assert.isTrue(gunzipSync(gz.body).equals(onDisk))

    const plain = await get(path)
    assert.isUndefined(plain.headers['content-encoding'])
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.isTrue(plain.body.equals(onDisk))
  })

  test('an asset that does not exist is not answered from the cache rules', async ({ assert }) => {
    const missing = await get('/assets/no-such-file-0000.js', { 'Accept-Encoding': 'br' })
    assert.equal(missing.status, 404)
    assert.notEqual(missing.headers['cache-control'], 'public, max-age=31536000, immutable')
    assertSecurityHeaders(assert, 'missing asset', missing.headers)
    const traversal = await get('/assets/..%2f..%2fpackage.json')
    assert.equal(traversal.status, 404)
  })

  test('API answers carry the same headers: success, refusal and error', async ({ assert }) => {
    const user = await makeUser('noc')
    const token = (await User.accessTokens.create(user)).value!.release()
    const ok = await get('/api/links?range=[0,0]', { Authorization: `Bearer ${token}` })
    assert.equal(ok.status, 200)
    assertSecurityHeaders(assert, 'GET /api/links', ok.headers)
    assertSecurityHeaders(assert, 'GET /api/health', (await get('/api/health')).headers)
    const refused = await get('/api/links')
    assert.equal(refused.status, 401)
    assertSecurityHeaders(assert, '401', refused.headers)
    const bad = await get('/api/links?range=oops', { Authorization: `Bearer ${token}` })
    assert.equal(bad.status, 422)
    assertSecurityHeaders(assert, '422', bad.headers)
    assertSecurityHeaders(assert, 'unknown route', (await get('/api/no-such-route')).headers)
  })
})
