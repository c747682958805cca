import http from 'node:http'
import { once } from 'node:events'
import { CookieSession } from '#tests/support/cookie_session'
import { TEST_PASSWORD } from '#tests/support/fixtures'
import { until } from '#tests/support/wait'

/**
 * Logs in over plain HTTP as a browser does (CSRF cookie first, then the login with its
 * header) and returns the Cookie header an EventSource on the same origin would send.
 */
export async function browserCookie(email: string) {
  const browser = new CookieSession()
  const login = await browser.logIn(email, TEST_PASSWORD)
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${login.text}`)
  return [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
}

/**
 * Reads /api/events of the console's own HTTP server with `cookie`, as a browser's EventSource
 * would, once the stream says it is connected: what arrived as text, and the events parsed.
 */
export async function eventStream(cookie: string) {
  const chunks: string[] = []
  const request = http.get(`http://127.0.0.1:${process.env.PORT}/api/events`, { headers: { cookie, accept: 'text/event-stream' } })
  const [response] = (await once(request, 'response')) as [http.IncomingMessage]
  response.setEncoding('utf8')
  response.on('data', (chunk: string) => chunks.push(chunk))
  const text = () => chunks.join('')
  if (response.statusCode === 200) await until('the stream to open', () => text().includes(': connected'))
  return {
    response,
    text,
    events: (): any[] =>
      text()
        .split('\n\n')
        .filter((block) => block.includes('data: '))
        .map((block) => JSON.parse(block.split('\n').find((l) => l.startsWith('data: '))!.slice(6))),
    close: () => request.destroy(),
  }
}
