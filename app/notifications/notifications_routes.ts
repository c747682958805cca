import router from '@adonisjs/core/services/router'
import { PassThrough } from 'node:stream'
import { middleware } from '#start/kernel'
import { can } from '#app/access/roles'
import { ForbiddenError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { documentRoute } from '#app/platform/openapi'
import { eventHub, type Listener } from '#app/notifications/event_hub'
import notificationsConfig from '#config/notifications'
import { grantOf, grantStands } from '#app/access/session_validity'
import { openStreams } from '#app/notifications/open_streams'
import { EVENT_TYPES, summaryIn } from '#app/notifications/events'
import { heard, shownToScope, topicsFor } from '#app/notifications/subscriptions'
import { peopleFacts } from '#app/notifications/subscription_facts'
import { scopePathOf } from '#app/access/scope'

/** How often a stream reads its reader's groups, boards, items and choices again. */
const READER_REFRESH_MS = 30_000

/**
 * Server-sent events for the UI: link and incident events as they happen, each user seeing
 * only those of their agency subtree; changes and problems only when they concern the reader
 * under a topic they hear live. Each event carries `text`, its summary in the reader's language,
 * and `topics`, the reader's live topics it concerns (the UI toasts those). An EventSource on the same origin sends the session
 * cookie, so this needs no token; comments every SSE_HEARTBEAT_MS keep proxies from closing it.
 */
router
  .get('/api/events', async (ctx) => {
    const { auth, response } = ctx
    const user = auth.user!
    const grant = grantOf(ctx)
    if (!can(user.role, 'links', 'read')) throw new ForbiddenError(message('access.no_link_events'))
    const scopePath = await scopePathOf(user)
    await eventHub.ready()

    const reader = { person: (await peopleFacts([user.id]))[0], readAt: Date.now() }
    const stream = new PassThrough()
    const listener: Listener = {
      scopePath,
      send: (event, facts) => {
        const person = reader.person
        const topics = person ? heard(topicsFor(event, facts, person), person.choices, 'live') : []
        if (!shownToScope(event) && topics.length === 0) return
        const data = { ...event, text: summaryIn(event, user.locale), topics }
        stream.write(`id: ${event.key}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`)
      },
    }
    const heartbeat = setInterval(() => stream.write(`: heartbeat ${new Date().toISOString()}\n\n`), notificationsConfig.stream.heartbeatMs)
    // A stream lives for hours on one request: it ends when its logout, a disabled account, a
    // new password, a revoked token or a changed role or agency would refuse the next request.
    let checking = false
    const recheck = setInterval(async () => {
      if (checking) return
      checking = true
      try {
        if (!(await grantStands(grant))) return close()
        if (Date.now() - reader.readAt >= READER_REFRESH_MS) {
          reader.person = (await peopleFacts([user.id]))[0]
          reader.readAt = Date.now()
        }
      } catch {
        // The database or Redis is away for a moment: the next check decides.
      } finally {
        checking = false
      }
    }, notificationsConfig.stream.recheckMs)
    let closed = false
    const close = () => {
      if (closed) return
      closed = true
      clearInterval(heartbeat)
      clearInterval(recheck)
      eventHub.remove(listener)
      openStreams.delete(close)
      stream.end()
    }
    openStreams.add(close)
    // The response closes when the client goes away (or the server stops): stop writing then.
    response.response.on('close', close)
    stream.on('close', close)

    response.header('Content-Type', 'text/event-stream; charset=utf-8')
    response.header('Cache-Control', 'no-cache, no-transform')
    response.header('X-Accel-Buffering', 'no')
    // The first bytes tell the client it is subscribed: nothing published after this is missed.
    stream.write(`retry: 5000\n: connected\n\n`)
    eventHub.add(listener)
    response.stream(stream)
  })
  .use(middleware.auth())

documentRoute('get', '/api/events', {
  operationId: 'streamEvents',
  summary: `Live events as text/event-stream (event names: ${EVENT_TYPES.join(', ')}), limited to your agency subtree (changes and problems: only those your live subscriptions cover); heartbeat comments keep it open`,
  tags: ['notifications'],
  responses: {
    200: {
      description: 'each event: `id`, `event` (its type) and `data` (JSON, the envelope every producer uses: type, at, key, subject {kind, id}, agency_id, priority, summary {key, params}, payload — monitoring puts link, device, incident and detail there — plus `text`, the summary in your language, and `topics`, your live subscription topics it concerns)',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    },
  },
  errors: { 403: 'the role may not read links' },
})
