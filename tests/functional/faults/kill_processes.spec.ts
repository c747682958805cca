import { test } from '@japa/runner'
import http from 'node:http'
import dgram from 'node:dgram'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { Queue, type Job } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import { SnmpLab } from '#tests/support/snmp_lab'
import { makeAgencyTree, makeCode } from '#tests/support/fixtures'
import { OwnRedis, ConsoleProcess } from '#tests/support/own_services'
import { until } from '#tests/support/wait'
import { mailReceiver, type MailReceiver } from '#tests/support/mail_receiver'
import { makeBoundLink, makePolledDevice, keepTraffic } from '#tests/functional/pipeline/support'
import type { PollReport } from '#collectors/polling/wire'
import NotificationChannel from '#app/notifications/notification_channel'

/**
 * kill -9 of each long-running process in the middle of its work, then a restart: the
 * collector (`collector:run`), the monitoring worker (`monitoring:work`) and the notification
 * worker (`notifications:work`), all real processes on a Redis of the test's own and the test
 * database, polling a real snmpd. What each kill may lose is asserted as well as what it may not.
 */
const INTERVAL_S = 2
const SECRET = 'whsec-fault-tests-0123456789'
const WAIT = { timeoutMs: Number(process.env.FAULT_WAIT_MS ?? 240_000), everyMs: 100 }

interface HeldRequest {
  headers: http.IncomingHttpHeaders
  body: string
}

/** A webhook receiver that answers 200, or keeps the requests waiting while `hold` is set. */
async function webhookReceiver() {
  const state = { hold: false, received: [] as HeldRequest[] }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      state.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      if (!state.hold) res.end('ok')
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/gsn`
  return { url, state, close: () => new Promise((r) => server.close(r)) }
}

const incidentsOfLink = (linkId: number) =>
  db
    .from('incidents as i')
    .join('incident_items as it', 'it.incident_id', 'i.id')
    .where({ 'it.item_type': 'link', 'it.item_id': linkId })
    .select('i.id', 'i.status', 'i.opened_at')
    .orderBy('i.id')

test.group('faults: kill -9 of the collector, the monitoring worker and the notification worker', (group) => {
  let redis: OwnRedis
  let lab: SnmpLab
  let blackHole: dgram.Socket
  let samplesQueue: Queue<PollReport>
  let pollQueue: Queue
  let notificationsQueue: Queue
  let collector: ConsoleProcess
  let monitoring: ConsoleProcess
  let notifier: ConsoleProcess
  let hook: Awaited<ReturnType<typeof webhookReceiver>>
  let smtp: MailReceiver
  let stopTraffic: () => Promise<void>
  const device = {} as { id: number }
  const links = {} as Record<'traffic' | 'fault', { id: number; circuit_id: string }>
  const channels = {} as Record<'hook' | 'mail', { id: number }>

  /** Every report of the lab device that a monitoring worker finished, and the samples they must have left. */
  async function unwrittenReports() {
    const done = (await samplesQueue.getJobs(['completed'], 0, -1)) as Job<PollReport>[]
    const mine = done.filter((j) => j.data.deviceId === device.id && j.data.result === 'ok')
    const rows = await db.from('link_samples').whereIn('link_id', [links.traffic.id, links.fault.id]).select('link_id', 'at')
    const stored = new Set(rows.map((r) => `${r.link_id}@${new Date(r.at).getTime()}`))
    const missing = mine.flatMap((j) => {
      const at = new Date(j.data.snapshot!.polledAt).getTime()
      return [links.traffic.id, links.fault.id].filter((id) => !stored.has(`${id}@${at}`)).map((id) => `${id}@${at}`)
    })
    return { reports: mine.length, missing }
  }

  /** Waits until these reports of link-samples are written (completed), whoever wrote them. */
  async function written(ids: string[], what: string) {
    await until(what, async () => {
      const states = await Promise.all(ids.map((id) => samplesQueue.getJobState(id)))
      const failed = states.filter((s) => s === 'failed')
      if (failed.length) throw new Error(`${failed.length} poll reports failed`)
      return states.every((s) => s === 'completed')
    }, WAIT)
  }

  group.setup(async () => {
    redis = await OwnRedis.start()
    lab = await SnmpLab.create({ pairs: 2 })
    const { ministry, other } = await makeAgencyTree()
    Object.assign(device, await makePolledDevice(ministry.id, { host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), intervalS: INTERVAL_S }))
    links.traffic = await makeBoundLink(ministry.id, device.id, await lab.ifIndex('gsa0'))
    // gsa1 taken down leaves gsb1 administratively up with its carrier lost: a fault.
    links.fault = await makeBoundLink(ministry.id, device.id, await lab.ifIndex('gsb1'))
    // A device that never answers, so some poll is always waiting for its timeout: the collector
    // always has work in hand to be killed in the middle of. Another agency's, so its own
    // incident notifies nobody here.
    blackHole = dgram.createSocket('udp4')
    await new Promise<void>((resolve) => blackHole.bind(0, '127.0.0.1', resolve))
    await makePolledDevice(other.id, {
      host: '127.0.0.1',
      port: (blackHole.address() as AddressInfo).port,
      credentials: { version: '2c', community: 'nobody-answers' },
      intervalS: INTERVAL_S,
    })

    hook = await webhookReceiver()
    smtp = await mailReceiver()
    // Channels of other test files must not send these tests' events anywhere.
    await db.from('notification_channels').update({ enabled: false })
    for (const [key, kind, target] of [['hook', 'webhook', hook.url], ['mail', 'email', 'noc@gsn.test']] as const) {
      channels[key] = await NotificationChannel.create({
        name: makeCode('fault-channel'),
        kind,
        target,
        eventTypes: ['incident.opened'],
        minPriority: 'P4',
        enabled: true,
        agencyId: ministry.id,
        secret: kind === 'webhook' ? NotificationChannel.seal(SECRET) : null,
      } as any)
    }

    const env = {
      REDIS_PORT: String(redis.port),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'GSN Console <noc@gsn.test>',
      WEBHOOK_ALLOWED_RANGES: '127.0.0.0/8',
      NOTIFY_ATTEMPTS: '30',
      NOTIFY_BACKOFF_MS: '200',
    }
    const connection = { host: '127.0.0.1', port: redis.port, db: Number(process.env.REDIS_DB), maxRetriesPerRequest: null }
    samplesQueue = new Queue('link-samples', { connection, prefix: 'gsn-test' })
    pollQueue = new Queue('snmp-poll', { connection, prefix: 'gsn-test' })
    notificationsQueue = new Queue('notifications', { connection, prefix: 'gsn-test' })

    monitoring = ConsoleProcess.start(['monitoring:work', '--sync-every', '1', '--wait-ms', '50'], env)
    collector = ConsoleProcess.start(['collector:run', '--timeout', '1500', '--retries', '1'], env)
    notifier = ConsoleProcess.start(['notifications:work'], env)
    await Promise.all([monitoring.said('monitoring worker started'), collector.said('started'), notifier.said('notification worker started')])
    stopTraffic = keepTraffic(() => lab.sendTraffic(0, { datagrams: 100 }))

    return async () => {
      if (process.env.FAULT_TESTS_DEBUG) for (const p of [collector, monitoring, notifier]) console.log(`--- ${p.args[0]}\n${p.output.slice(-4000)}`)
      await stopTraffic()
      await Promise.all([collector.stop(), monitoring.stop(), notifier.stop()])
      await Promise.all([samplesQueue.close(), pollQueue.close(), notificationsQueue.close()])
      await db.from('notification_channels').whereIn('id', [channels.hook.id, channels.mail.id]).update({ enabled: false })
      blackHole.close()
      await Promise.all([hook.close(), smtp.close(), lab.close(), redis.stop()])
    }
  })

  group.each.teardown(() => {
    // However a test ends, no process died by itself: every exit was a kill the test made.
    for (const p of [collector, monitoring, notifier]) {
      if (p.exits.length) throw new Error(`${p.args[0]} exited by itself: ${JSON.stringify(p.exits)}\n${p.output.slice(-3000)}`)
    }
  })

  test('collector killed while polls are in flight: the reports it had queued are all written; the polls in hand are taken again, late', async ({ assert }) => {
    await until('samples of both links', async () => {
      const row = await db.from('link_samples').where('link_id', links.traffic.id).whereNotNull('out_bps').count('* as n').first()
      return Number(row.n) >= 2
    }, WAIT)
    const before = await db.from('device_status').where('device_id', device.id).first()

    // In the middle of its work: a poll taken and not finished (the silent device's, waiting out
    // its timeout), reports it queued not yet written.
    const inHand = await until('a poll in hand', async () => {
      const active = await pollQueue.getActive()
      return active.length ? active : null
    }, WAIT)
    await collector.kill9()
    const queued = (await samplesQueue.getJobs(['waiting', 'active', 'delayed', 'completed'], 0, -1)).filter((j) => j.data.deviceId === device.id)
    assert.isNotEmpty(queued)

    // Down for a few intervals: the lab device's next poll waits in the queue, past its slot.
    const stillDue = await until('a poll of the lab device due while no collector runs', async () => {
      const waiting = await pollQueue.getJobs(['waiting', 'prioritized', 'delayed'], 0, -1)
      return waiting.find((j) => j.data.deviceId === device.id && j.timestamp + (j.delay ?? 0) < Date.now() - INTERVAL_S * 1000)
    }, WAIT)
    collector.restart()
    await collector.said('started')

    // Everything queued before the kill is written: none lost, none failed.
    await written(queued.map((j) => j.id!), 'the reports queued before the kill written')
    // The poll left due is taken, late and counted as such.
    await until('the missed slot polled late', async () => {
      const row = await db.from('device_status').where('device_id', device.id).first()
      return row.polls_late > before.polls_late
    }, WAIT)
    // The polls in hand at the kill come back to a collector once their lock lapses (BullMQ's
    // stalled-job check), rather than staying active for good.
    await until('the polls the killed collector held are released', async () => {
      const states = await Promise.all(inHand.map((j) => pollQueue.getJobState(j.id!)))
      return states.every((s) => s !== 'active') || null
    }, WAIT)
    await until('samples after the restart', async () => {
      const row = await db.from('link_samples').where('link_id', links.traffic.id).where('at', '>', new Date(collector.starts.at(-1)!)).first()
      return row
    }, WAIT)
    const { reports, missing } = await unwrittenReports()
    assert.isAbove(reports, 2)
    assert.deepEqual(missing, [], 'every finished report of the lab device has its samples')
    assert.equal(stillDue.data.deviceId, device.id)
  }).timeout(300_000)

  test('monitoring worker killed as the incident is opened: after the restart one incident, every queued report written, the notification sent', async ({ assert }) => {
    const sentBefore = hook.state.received.length
    const mailsBefore = smtp.state.mails.length
    await lab.setLink('gsa1', 'down')
    let incident: { id: number }
    let inBatch: string[]
    try {
      // Killed the moment the incident is visible: the batch that opened it is written, and its
      // jobs are very likely not yet marked done, so the restarted worker writes it again.
      const opened = await until('the incident opened', async () => (await incidentsOfLink(links.fault.id))[0], { timeoutMs: 240_000, everyMs: 5 })
      await monitoring.kill9()
      inBatch = (await samplesQueue.getActive()).map((j) => j.id!)
      incident = opened
      const queued = (await samplesQueue.getJobs(['waiting', 'active', 'delayed'], 0, -1)).map((j) => j.id!)

      monitoring.restart()
      await monitoring.said('monitoring worker started')
      await written([...new Set([...inBatch, ...queued])], 'the reports held and queued at the kill written')
      await until('a later report written', async () => {
        const row = await db.from('link_samples').where('link_id', links.fault.id).where('at', '>', new Date(monitoring.starts.at(-1)!)).first()
        return row
      }, WAIT)
      const all = await incidentsOfLink(links.fault.id)
      assert.lengthOf(all, 1, 'one incident for one outage, however often its batch was written')
      assert.equal((await db.from('link_states').where('link_id', links.fault.id).first()).open_incident_id, incident.id)
    } finally {
      await lab.setLink('gsa1', 'up')
    }
    // The incident's notification went out, to both channels, at least once.
    await until('the incident.opened webhook and mail', () => hook.state.received.length > sentBefore && smtp.state.mails.length > mailsBefore, WAIT)
    const keys = new Set(hook.state.received.slice(sentBefore).map((r) => r.headers['idempotency-key']))
    assert.lengthOf([...keys], 1, 'any repeat of it carries the same key')
    await until('the incident resolved', async () => (await incidentsOfLink(links.fault.id))[0].status === 'resolved', WAIT)
    const { missing } = await unwrittenReports()
    assert.deepEqual(missing, [])
  }).timeout(300_000)

  test('notification worker killed mid-send: the webhook and the mail are sent again with the same Idempotency-Key and Message-ID', async ({ assert }) => {
    hook.state.hold = true
    smtp.state.hold = true
    const sentBefore = hook.state.received.length
    const mailsBefore = smtp.state.mails.length
    await lab.setLink('gsa1', 'down')
    try {
      // The receivers have the whole request and mail but have not answered: the worker is killed
      // between "sent" and "recorded as sent", the window where a repeat cannot be avoided.
      await until('the webhook and the mail in the receivers\' hands', () => hook.state.received.length > sentBefore && smtp.state.mails.length > mailsBefore, WAIT)
      await notifier.kill9()
      hook.state.hold = false
      smtp.state.hold = false
      const deliveries = await db.from('notification_deliveries').whereIn('channel_id', [channels.hook.id, channels.mail.id]).where('status', '<>', 'sent')
      assert.lengthOf(deliveries, 2, 'neither delivery was recorded as sent')

      notifier.restart()
      await notifier.said('notification worker started')
      await until('both deliveries recorded as sent', async () => {
        const rows = await db.from('notification_deliveries').whereIn('id', deliveries.map((d) => d.id))
        return rows.every((r) => r.status === 'sent')
      }, WAIT)
    } finally {
      hook.state.hold = false
      smtp.state.hold = false
      await lab.setLink('gsa1', 'up')
    }
    const requests = hook.state.received.slice(sentBefore)
    assert.isAtLeast(requests.length, 2, 'the webhook came again after the restart')
    assert.lengthOf(new Set(requests.map((r) => r.headers['idempotency-key'])), 1, 'one Idempotency-Key across both sendings')
    assert.lengthOf(new Set(requests.map((r) => r.headers['x-gsn-delivery'])), 1)
    assert.match(String(requests[0].headers['idempotency-key']), /^gsn-\d+-\d+$/)
    const mails = smtp.state.mails.slice(mailsBefore)
    assert.isAtLeast(mails.length, 2, 'the mail came again after the restart')
    assert.lengthOf(new Set(mails.map((m) => m.messageId)), 1, 'one Message-ID across both sendings')
    assert.match(mails[0].messageId!, /^<gsn-\d+-\d+@gsn\.test>$/)
    await until('the incident resolved', async () => (await incidentsOfLink(links.fault.id)).every((i) => i.status === 'resolved'), WAIT)
  }).timeout(300_000)
})
