import { test } from '@japa/runner'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { once } from 'node:events'
import db from '@adonisjs/lucid/services/db'
import { queue } from '#app/platform/queues'
import { notify } from '#app/notifications/dispatcher'
import { verifyWebhook } from '#app/notifications/signing'
import { eventHub } from '#app/notifications/event_hub'
import { makeLink } from '#tests/functional/samples/links'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { overrideConfig } from '#tests/support/config'
import { until } from '#tests/support/wait'
import { browserCookie, eventStream } from '#tests/support/event_stream'
import { notificationPeers, type NotificationPeers } from '#tests/support/mail_receiver'
import notificationsConfig from '#config/notifications'

/**
 * Deliveries to real peers: an SMTP server and HTTP webhook receivers in this process, the
 * BullMQ worker on this test's Redis database, and a server-sent-events client reading the
 * console's own HTTP server.
 */
const SECRET = 'whsec-delivery-tests-0123456789'

async function makeChannel(attrs: Record<string, unknown>) {
  const { default: NotificationChannel } = await import('#app/notifications/notification_channel')
  const channel = await NotificationChannel.create({
    name: makeCode('channel'),
    eventTypes: [],
    minPriority: 'P4',
    enabled: true,
    agencyId: null,
    ...attrs,
    secret: attrs.secret ? NotificationChannel.seal(attrs.secret as string) : null,
  } as any)
  return channel
}

interface Received {
  headers: http.IncomingHttpHeaders
  body: string
}

/** A webhook receiver that answers each request with the next status of `statuses` (the last one repeats). */
async function webhookReceiver(statuses: number[] = [200]) {
  const received: Received[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]
      res.end('ok')
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/gsn`
  return { url, received, close: () => new Promise((r) => server.close(r)) }
}

async function deliveriesOf(channelId: number) {
  return db.from('notification_deliveries').where('channel_id', channelId).orderBy('id')
}

/** The channel's first delivery, once it has reached `status`. */
const reached = (channelId: number, status: 'sent' | 'failed') =>
  until(`the delivery to channel ${channelId} ${status}`, async () => {
    const [first] = await deliveriesOf(channelId)
    return first?.status === status && first
  })

let peers: NotificationPeers

test.group('notification delivery to real peers', (group) => {
  group.setup(async () => {
    // The receivers here listen on loopback, which webhooks may reach only where an admin allows it.
    peers = await notificationPeers({ loopbackWebhooks: true })
    return () => peers.close()
  })

  test('a link going down is mailed over SMTP to the channel of its ministry', async ({ assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const link = await makeLink(child.id, 'uplink')
    const mail = await makeChannel({ kind: 'email', target: 'noc-north@gsn.test, duty@gsn.test', agencyId: ministry.id, eventTypes: ['link.down'] })
    const elsewhere = await makeChannel({ kind: 'email', target: 'other@gsn.test', agencyId: other.id })
    const mails = peers.smtp.state.mails
    const before = mails.length

    const { deliveries } = await notify({ type: 'link.down', link, at: new Date('2026-11-20T03:04:05Z'), detail: 'ifOperStatus down' })
    assert.lengthOf(deliveries, 1)
    await until('the mail', () => mails.length > before)
    const received = mails[mails.length - 1]
    // Ranked as its incident would be, from the stored matrix: an uplink down is P1.
    assert.equal(received.subject, `[GSN P1] 線路中斷：${link.circuit_id} ${link.name} / link down: ${link.circuit_id} ${link.name}`)
    assert.deepEqual([...received.envelopeTo].sort(), ['duty@gsn.test', 'noc-north@gsn.test'])
    // A channel's addresses are nobody's account: its mail is in both languages, times in Taipei time.
    assert.include(received.text!, 'ifOperStatus down')
    assert.include(received.text!, '時間：2026-11-20 11:04:05（臺北時間）')
    assert.include(received.text!, 'When:      2026-11-20 11:04:05 Taipei time')
    assert.equal(received.headers.get('x-gsn-event'), 'link.down')

    const delivery = await reached(mail.id, 'sent')
    assert.equal(delivery.attempts, 1)
    assert.lengthOf(await deliveriesOf(elsewhere.id), 0)

    // The same event announced again is not mailed again.
    const again = await notify({ type: 'link.down', link, at: new Date('2026-11-20T03:04:05Z') })
    assert.lengthOf(again.deliveries, 0)
    assert.lengthOf(await deliveriesOf(mail.id), 1)
    // Filters: this channel only takes link.down.
    assert.lengthOf((await notify({ type: 'link.recovered', link, at: new Date() })).deliveries, 0)
  })

  test('a webhook is signed, and the receiver verifies the signature', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const receiver = await webhookReceiver([204])
    const hook = await makeChannel({ kind: 'webhook', target: receiver.url, secret: SECRET, agencyId: ministry.id })
    try {
      await notify({ type: 'incident.opened', link, incident: { id: 77, number: 'INC-2026-000077', priority: 'P1', status: 'new', title: 'down' }, at: new Date() })
      const [request] = await until('the webhook', () => receiver.received.length > 0 && receiver.received)
      const verdict = verifyWebhook({
        secret: SECRET,
        body: request.body,
        timestamp: request.headers['x-gsn-timestamp'] as string,
        signature: request.headers['x-gsn-signature'] as string,
      })
      assert.deepEqual(verdict, { ok: true })
      assert.deepEqual(verifyWebhook({ secret: 'a-guess-at-the-secret', body: request.body, timestamp: request.headers['x-gsn-timestamp'] as string, signature: request.headers['x-gsn-signature'] as string }), { ok: false, reason: 'mismatch' })
      assert.equal(request.headers['x-gsn-event'], 'incident.opened')
      assert.equal(request.headers['content-type'], 'application/json; charset=utf-8')
      const body = JSON.parse(request.body)
      assert.equal(body.event.payload.incident.number, 'INC-2026-000077')
      assert.equal(body.event.priority, 'P1')
      assert.equal(body.event.payload.link.circuit_id, link.circuit_id)
      assert.deepEqual(body.event.subject, { kind: 'link', id: link.id })
      assert.equal(body.delivery, request.headers['x-gsn-delivery'])
      const delivery = await reached(hook.id, 'sent')
      assert.equal(delivery.last_status, 204)
    } finally {
      await receiver.close()
    }
  })

  test('a failing webhook is retried with backoff until it answers', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const receiver = await webhookReceiver([503, 502, 200])
    const hook = await makeChannel({ kind: 'webhook', target: receiver.url, secret: SECRET, agencyId: ministry.id })
    try {
      await notify({ type: 'link.degraded', link, at: new Date() })
      const delivery = await reached(hook.id, 'sent')
      assert.lengthOf(receiver.received, 3)
      assert.equal(delivery.attempts, 3)
      assert.equal(delivery.last_status, 200)
      // Every attempt is the same delivery, each freshly timestamped and validly signed.
      assert.lengthOf(new Set(receiver.received.map((r) => r.headers['x-gsn-delivery'])), 1)
      for (const r of receiver.received) {
        assert.deepEqual(verifyWebhook({ secret: SECRET, body: r.body, timestamp: r.headers['x-gsn-timestamp'] as string, signature: r.headers['x-gsn-signature'] as string }), { ok: true })
      }
    } finally {
      await receiver.close()
    }
  })

  test('a receiver that keeps failing is given up after the configured attempts; a 4xx at once', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const down = await webhookReceiver([500])
    const refusing = await webhookReceiver([400])
    const downHook = await makeChannel({ kind: 'webhook', target: down.url, secret: SECRET, agencyId: ministry.id })
    const refusingHook = await makeChannel({ kind: 'webhook', target: refusing.url, secret: SECRET, agencyId: ministry.id })
    try {
      await notify({ type: 'link.down', link, at: new Date() })
      const given = await reached(downHook.id, 'failed')
      assert.equal(given.attempts, 4)
      assert.lengthOf(down.received, 4)
      assert.equal(given.last_status, 500)
      const refused = await reached(refusingHook.id, 'failed')
      assert.equal(refused.attempts, 1)
      assert.lengthOf(refusing.received, 1)
      assert.match(refused.last_error, /answered 400/)
    } finally {
      await down.close()
      await refusing.close()
    }
  })

  test('events queued by the alarm rules (jobs named after their type) fan out too', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const receiver = await webhookReceiver([200])
    await makeChannel({ kind: 'webhook', target: receiver.url, secret: SECRET, agencyId: ministry.id })
    try {
      // The shape app/monitoring/events.ts puts on the queue.
      await queue('notifications').add('link.down', {
        type: 'link.down',
        at: new Date().toISOString(),
        link: { id: link.id, circuit_id: link.circuit_id, name: link.name, kind: 'legacy', agency_id: ministry.id, state: 'down', reason: 'ifOperStatus down', in_util: null, out_util: null },
      })
      const [request] = await until('the webhook', () => receiver.received.length > 0 && receiver.received)
      const body = JSON.parse(request.body)
      assert.equal(body.event.type, 'link.down')
      assert.equal(body.event.payload.detail, 'ifOperStatus down')
      assert.equal(body.event.payload.link.state, 'down')
    } finally {
      await receiver.close()
    }
  })

  test('live events: an SSE client receives those of its agency and not another agency\'s', async ({ assert, cleanup }) => {
    cleanup(overrideConfig(notificationsConfig.stream, { heartbeatMs: 150 }))
    const { ministry, child, other } = await makeAgencyTree()
    const mine = await makeLink(child.id)
    const theirs = await makeLink(other.id)
    const liaison = await makeUser('agency_liaison', ministry.id)

    // Log in as a browser would, then read the stream with a plain HTTP request and the cookie.
    const cookie = await browserCookie(liaison.email)
    assert.include(cookie, 'gsn-session=')

    const live = await eventStream(cookie)
    try {
      assert.equal(live.response.statusCode, 200)
      assert.match(live.response.headers['content-type']!, /^text\/event-stream/)

      await notify({ type: 'link.down', link: theirs, at: new Date() })
      await notify({ type: 'link.down', link: mine, at: new Date() })
      await notify({ type: 'link.recovered', link: mine, at: new Date() })
      await until('own events', () => live.text().includes('event: link.recovered'))
      await until('a heartbeat', () => live.text().includes(': heartbeat'))

      const events = live.events()
      assert.deepEqual(events.map((e) => [e.type, e.payload.link.id]), [['link.down', mine.id], ['link.recovered', mine.id]])
      assert.notInclude(live.text(), theirs.circuit_id)
      assert.notProperty(events[0], 'agency_path')
    } finally {
      live.close()
    }
    await until('the listener to go', () => eventHub.size === 0)

    const anonymous = http.get(`http://127.0.0.1:${process.env.PORT}/api/events`)
    const [refused] = (await once(anonymous, 'response')) as [http.IncomingMessage]
    assert.equal(refused.statusCode, 401)
    refused.resume()
  })

  test('a national user hears every agency', async ({ assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const a = await makeLink(ministry.id)
    const b = await makeLink(other.id)
    const noc = await makeUser('noc')
    const live = await eventStream(await browserCookie(noc.email))
    try {
      await notify({ type: 'link.down', link: a, at: new Date() })
      await notify({ type: 'link.down', link: b, at: new Date() })
      await until('both events', () => live.text().includes(b.circuit_id))
      assert.include(live.text(), a.circuit_id)
    } finally {
      live.close()
    }
  })
})
