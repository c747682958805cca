import { test } from '@japa/runner'
import dgram from 'node:dgram'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { AddressInfo } from 'node:net'
import { Queue, type Job } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import { SnmpLab } from '#tests/support/snmp_lab'
import { makeAgencyTree } from '#tests/support/fixtures'
import { OwnRedis, ConsoleProcess } from '#tests/support/own_services'
import { closedPort } from '#tests/support/server_process'
import { until, sleep } from '#tests/support/wait'
import { makeBoundLink, makePolledDevice } from '#tests/functional/pipeline/support'
import type { PollReport } from '#collectors/polling/wire'

/**
 * A device gone mad (10,000 linkDown traps a second at the collector's trap port) and a burst of
 * garbage datagrams beside it, both from the test over loopback, bounded in count: the collector
 * process keeps polling a real snmpd on time and counts what it dropped.
 */
const INTERVAL_S = 10
const FLOOD = { traps: 60_000, perSecond: 10_000, garbage: 6_000 }
const FLOOD_COMMUNITY = 'gsn-flood-ro'
const run = promisify(execFile)

/** gsn_snmp_traps_total of the collector process, by "kind/action". */
async function trapCounts(metricsPort: number) {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
  const counts: Record<string, number> = {}
  for (const m of text.matchAll(/^gsn_snmp_traps_total\{([^}]*)\} (\S+)$/gm)) {
    const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]))
    counts[`${labels.kind}/${labels.action}`] = Number(m[2])
  }
  return counts
}

/** One linkDown as Net-SNMP's snmptrap encodes it, caught on a socket of ours. */
async function capturedLinkDown() {
  const capture = dgram.createSocket('udp4')
  const captured: Buffer[] = []
  capture.on('message', (m) => captured.push(m))
  await new Promise<void>((resolve) => capture.bind(0, '127.0.0.1', resolve))
  try {
    const at = `127.0.0.1:${(capture.address() as AddressInfo).port}`
    await run('snmptrap', ['-v2c', '-c', FLOOD_COMMUNITY, '-On', at, '', '1.3.6.1.6.3.1.1.5.3', '1.3.6.1.2.1.2.2.1.1.3', 'i', '3'], {
      env: { ...process.env, MIBS: '' },
    })
    return await until('the captured trap', () => captured[0])
  } finally {
    capture.close()
  }
}

/** Sends `count` datagrams made by `make` at about `perSecond`, in 10 ms slices. */
async function blast(port: number, count: number, perSecond: number, make: (i: number) => Buffer) {
  const socket = dgram.createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const slice = Math.max(1, Math.round(perSecond / 100))
  let sent = 0
  try {
    while (sent < count) {
      const started = Date.now()
      const batch: Promise<void>[] = []
      for (let i = 0; i < slice && sent < count; i++, sent++) {
        batch.push(new Promise((resolve) => socket.send(make(sent), port, '127.0.0.1', () => resolve())))
      }
      await Promise.all(batch)
      await sleep(Math.max(0, 10 - (Date.now() - started)))
    }
  } finally {
    socket.close()
  }
  return sent
}

test.group('faults: a trap flood and garbage at the collector\'s trap port', (group) => {
  let redis: OwnRedis
  let lab: SnmpLab
  let blackHole: dgram.Socket
  let collector: ConsoleProcess
  let monitoring: ConsoleProcess
  let samplesQueue: Queue<PollReport>
  let pollQueue: Queue
  let trapsPort: number
  let metricsPort: number
  const ids = {} as Record<'lab' | 'mad', number>

  group.setup(async () => {
    redis = await OwnRedis.start()
    lab = await SnmpLab.create({ pairs: 1 })
    const { ministry } = await makeAgencyTree()
    ids.lab = (await makePolledDevice(ministry.id, { host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), intervalS: INTERVAL_S })).id
    await makeBoundLink(ministry.id, ids.lab, await lab.ifIndex('gsa0'))
    // The device gone mad: its traps come from 127.0.0.1, and its polls go to a socket that
    // never answers, so each one a trap causes holds a collector slot for its whole timeout.
    blackHole = dgram.createSocket('udp4')
    await new Promise<void>((resolve) => blackHole.bind(0, '127.0.0.1', resolve))
    ids.mad = (await makePolledDevice(ministry.id, {
      host: '127.0.0.1',
      port: (blackHole.address() as AddressInfo).port,
      credentials: { version: '2c', community: FLOOD_COMMUNITY },
      intervalS: 3600,
    })).id

    trapsPort = await closedPort()
    metricsPort = await closedPort()
    const env = { REDIS_PORT: String(redis.port) }
    const connection = { host: '127.0.0.1', port: redis.port, db: Number(process.env.REDIS_DB), maxRetriesPerRequest: null }
    samplesQueue = new Queue('link-samples', { connection, prefix: 'gsn-test' })
    pollQueue = new Queue('snmp-poll', { connection, prefix: 'gsn-test' })
    monitoring = ConsoleProcess.start(['monitoring:work', '--sync-every', '1'], env)
    collector = ConsoleProcess.start(
      ['collector:run', '--timeout', '1000', '--retries', '1', '--traps-port', String(trapsPort), '--traps-address', '127.0.0.1', '--metrics-port', String(metricsPort)],
      env
    )
    await Promise.all([monitoring.said('monitoring worker started'), collector.said('started')])
    return async () => {
      await Promise.all([collector.stop(), monitoring.stop()])
      await Promise.all([samplesQueue.close(), pollQueue.close()])
      blackHole.close()
      await Promise.all([lab.close(), redis.stop()])
    }
  })

  test('10,000 linkDown traps a second and garbage: polls of the snmpd stay on time, the flood is counted and costs a poll at a time', async ({ assert }) => {
    const linkDown = await capturedLinkDown()
    await until('the lab device polled twice', async () => {
      const row = await db.from('device_status').where('device_id', ids.lab).first()
      return row?.polls_total >= 2
    }, { timeoutMs: 120_000, everyMs: 200 })
    // Credentials are read when the listener starts: it knows the mad device's community.
    const before = await db.from('device_status').where('device_id', ids.lab).first()
    const countsBefore = await trapCounts(metricsPort)

    const from = Date.now()
    const garbage = (i: number) => {
      const bytes = Buffer.alloc(40 + (i % 300))
      for (let k = 0; k < bytes.length; k++) bytes[k] = (i * 31 + k * 17) & 0xff
      // Some look like the start of a BER sequence, so they reach the decoder.
      if (i % 2) bytes[0] = 0x30
      return bytes
    }
    const [traps, junk] = await Promise.all([
      blast(trapsPort, FLOOD.traps, FLOOD.perSecond, () => linkDown),
      blast(trapsPort, FLOOD.garbage, FLOOD.perSecond / 10, garbage),
    ])
    const to = Date.now()
    // Two more slots after it, so a poll held back by the flood would show up late or skipped.
    const polledAfter = await until('the lab device polled after the flood', async () => {
      const done = (await samplesQueue.getJobs(['completed'], 0, -1)) as Job<PollReport>[]
      const mine = done.map((j) => j.data).filter((r) => r.deviceId === ids.lab && r.trigger === 'schedule')
      return mine.filter((r) => r.scheduledAt > to).length >= 2 ? mine : null
    }, { timeoutMs: 120_000, everyMs: 500 })

    const during = polledAfter.filter((r) => r.scheduledAt >= from - INTERVAL_S * 1000)
    assert.isAbove(during.filter((r) => r.scheduledAt <= to).length, 0, 'a slot of the lab device fell inside the flood')
    for (const r of during) {
      assert.equal(r.result, 'ok', `poll of ${new Date(r.scheduledAt).toISOString()} answered`)
      assert.isFalse(r.late, `poll of ${new Date(r.scheduledAt).toISOString()} on time (${r.lateMs} ms after its slot)`)
    }
    const after = await db.from('device_status').where('device_id', ids.lab).first()
    assert.equal(after.polls_late, before.polls_late, 'no poll late')
    assert.equal(after.polls_skipped, before.polls_skipped, 'no poll skipped')

    // What came in is counted: taken (linkDown polled), refused as garbage, or dropped as a flood.
    const counts = await until('the flood counted', async () => {
      const now = await trapCounts(metricsPort)
      return (now['dropped/flood'] ?? 0) > (countsBefore['dropped/flood'] ?? 0) ? now : null
    })
    const grew = (key: string) => (counts[key] ?? 0) - (countsBefore[key] ?? 0)
    if (process.env.FAULT_TESTS_DEBUG) console.log(JSON.stringify({ sent: { traps, junk, seconds: (to - from) / 1000 }, counted: Object.fromEntries(Object.keys(counts).map((k) => [k, grew(k)])) }))
    const rejected = Object.keys(counts).filter((k) => k.startsWith('rejected/')).reduce((n, k) => n + grew(k), 0)
    const taken = grew('linkDown/polled')
    assert.isAbove(taken, 0, 'the mad device\'s traps were taken at its share')
    assert.isAbove(grew('dropped/flood'), taken, 'most of the flood dropped undecoded')
    assert.isAbove(grew('rejected/malformed'), 0, 'garbage refused as malformed')
    assert.isAtMost(taken + grew('dropped/flood') + rejected, traps + junk, 'nothing counted twice')
    // A thousand traps for one device are one waiting poll, not a thousand.
    const madPolls = (await pollQueue.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed'], 0, -1)).filter((j) => j.data.deviceId === ids.mad)
    assert.isBelow(madPolls.length * 50, taken, 'the mad device polled far fewer times than its traps asked')
    assert.isTrue(collector.alive && monitoring.alive)
    assert.lengthOf(collector.exits, 0)
  }).timeout(300_000)
})
