import { appUrl } from '#tests/support/browser'

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * A person's browser as the API sees it: plain HTTP to the test server, the cookies it was
 * given sent back, the XSRF-TOKEN cookie echoed as a header on writes. Unlike Japa's client,
 * whose session plugin puts its own session cookie on every request, what travels here is only
 * what the server handed out, so logging in and out is exercised as it happens in use.
 */
export class CookieSession {
  readonly cookies = new Map<string, string>()

  /** `base` is another server's address (one a test started itself); the test server by default. */
  constructor(readonly base: string | null = null) {}

  async request(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    const xsrf = this.cookies.get('XSRF-TOKEN')
    if (WRITES.has(method) && xsrf) headers['X-XSRF-TOKEN'] = decodeURIComponent(xsrf)
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const response = await fetch(this.base ? `${this.base}${path}` : appUrl(path), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim())
      const at = pair.indexOf('=')
      const name = pair.slice(0, at)
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()))
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, pair.slice(at + 1))
    }
    const text = await response.text()
    return { status: response.status, text, json: () => JSON.parse(text) }
  }

  /** Logs in as a person does: first a page load for the CSRF cookie, then the form. */
  async logIn(email: string, password: string) {
    // As the UI does: the first answer from the API (a 401 here) hands out the XSRF cookie.
    await this.request('GET', '/api/auth/me')
    return this.request('POST', '/api/auth/login', { email, password })
  }

  /** The same cookies in another browser tab, or kept by someone who copied them. */
  copy() {
    const other = new CookieSession(this.base)
    for (const [name, value] of this.cookies) other.cookies.set(name, value)
    return other
  }
}
