import { test } from '@japa/runner'
import { Redis } from 'ioredis'
import db from '@adonisjs/lucid/services/db'
import { SnmpLab, LAB_COMMUNITY, LAB_USERS } from '#tests/support/snmp_lab'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { startCollector, startMonitoring, startTrapListener } from '#app/monitoring/processes'
import { snmpPollLate, snmpPollSkipped, snmpPolls, snmpTraps } from '#app/platform/metrics'
import { deviceIdOfScheduler, type PollReport, type QueueSite } from '#collectors/polling/wire'
import type { Collector } from '#collectors/polling/collector'
import type User from '#app/access/user'
import { dropSite, keepTraffic, makeBoundLink, makePolledDevice, testSite, waitFor } from '#tests/functional/pipeline/support'

const INTERVAL_S = 2

async function counterValue(counter: { get(): Promise<{ values: Array<{ value: number; labels: Record<string, unknown> }> }> }, labels: Record<string, string> = {}) {
  const { values } = await counter.get()
  return values.filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((n, v) => n + v.value, 0)
}

const deviceStatus = (deviceId: number) => db.from('device_status').where('device_id', deviceId).first()
const linkState = (linkId: number) => db.from('link_states').where('link_id', linkId).first()

test.group('link monitoring pipeline: snmpd in a namespace → BullMQ → samples, link states, incidents', (group) => {
  let lab: SnmpLab
  let site: QueueSite
  let collector: Collector
  let monitoring: Awaited<ReturnType<typeof startMonitoring>>
  let noc: User
  const reports: PollReport[] = []
  const ids = {} as Record<'a' | 'v3' | 'c' | 'idle', { id: number }>
  const links = {} as Record<'traffic' | 'fault' | 'v3' | 'c', { id: number; circuit_id: string }>

  group.setup(async () => {
    lab = await SnmpLab.create({ pairs: 4 })
    const second = await lab.startAgent('second')
    site = testSite()
    const { ministry } = await makeAgencyTree()
    noc = await makeUser('noc')
    ids.a = await makePolledDevice(ministry.id, { host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), intervalS: INTERVAL_S })
    ids.v3 = await makePolledDevice(ministry.id, { host: lab.host, port: lab.port, credentials: lab.credentialsV3('shaAes'), intervalS: INTERVAL_S })
    ids.c = await makePolledDevice(ministry.id, { host: lab.host, port: second.port, credentials: lab.credentialsV2c(), intervalS: INTERVAL_S })
    // No credentials: nothing a collector could do with it, so it is not scheduled.
    const [idle] = await db
      .table('devices')
      .insert({ hostname: `lab-idle-${process.pid}`, kind: 'switch', management_address: '169.254.0.1', region: 'north', agency_id: ministry.id, snmp_version: '2c' })
      .returning('id')
    ids.idle = { id: idle.id ?? idle }
    links.traffic = await makeBoundLink(ministry.id, ids.a.id, await lab.ifIndex('gsa0'))
    // The far end of pair 1: taking gsa1 down leaves gsb1 administratively up with its carrier
    // lost, which is a fault (gsa1 itself would read "shut on purpose").
    links.fault = await makeBoundLink(ministry.id, ids.a.id, await lab.ifIndex('gsb1'))
    links.v3 = await makeBoundLink(ministry.id, ids.v3.id, await lab.ifIndex('gsa2'))
    links.c = await makeBoundLink(ministry.id, ids.c.id, await lab.ifIndex('gsa0'))

    monitoring = await startMonitoring({ site, maxWaitMs: 50, sync: { tickMs: 300 } })
    collector = startCollector({ site, concurrency: 8, timeoutMs: 700, retries: 1 })
    collector.on('report', (r: PollReport) => reports.push(r))
    return async () => {
      await collector.close()
      await monitoring.close()
      await lab.close()
      await dropSite(site)
    }
  })

  test('the schedule holds one job scheduler per pollable device, every = its poll interval', async ({ assert }) => {
    const schedulers = await monitoring.sync!.schedule.queue.getJobSchedulers(0, -1)
    const mine = new Map(schedulers.map((s) => [deviceIdOfScheduler(s.key), s.every]))
    for (const device of [ids.a, ids.v3, ids.c]) assert.equal(mine.get(device.id), INTERVAL_S * 1000)
    assert.isFalse(mine.has(ids.idle.id), 'a device without credentials is not scheduled')
    const pollable = await db.from('devices').whereNotNull('snmp_credentials').count('* as n').first()
    assert.equal(schedulers.length, Number(pollable.n), 'other groups\' devices share the table and are scheduled too')
  })

  test('traffic across a veth shows up as link samples with bits/s above zero, over SNMPv2c and SNMPv3', async ({ assert, client }) => {
    const stop = keepTraffic(() => Promise.all([lab.sendTraffic(0, { datagrams: 150 }), lab.sendTraffic(2, { datagrams: 150 })]))
    try {
      for (const link of [links.traffic, links.v3]) {
        await waitFor(`bits/s on ${link.circuit_id}`, async () => {
          const row = await db.from('link_samples').where('link_id', link.id).max('out_bps as out').first()
          return row?.out > 0
        })
      }
    } finally {
      await stop()
    }
    const traffic = await client.get(`/api/links/${links.traffic.id}/traffic?range=1h`).loginAs(noc)
    traffic.assertStatus(200)
    const busiest = Math.max(...traffic.body().series.map((p: { out_bps: number | null }) => p.out_bps ?? 0))
    assert.isAbove(busiest, 0, 'the traffic API shows the rate')

    for (const link of [links.traffic, links.v3]) {
      const state = await linkState(link.id)
      assert.equal(state.state, 'up')
      assert.isAbove(state.out_util, 0, 'utilisation against the 10 Mbit/s contract')
    }
    // Only bound interfaces travel: each report of device A carries its two links' ifIndexes.
    const ofA = reports.filter((r) => r.deviceId === ids.a.id && r.result === 'ok')
    assert.isNotEmpty(ofA)
    assert.sameMembers(
      ofA.at(-1)!.snapshot!.interfaces.map((i) => i.ifIndex),
      [await lab.ifIndex('gsa0'), await lab.ifIndex('gsb1')]
    )
    assert.match(ofA.at(-1)!.snapshot!.interfaces[0].inOctets!, /^\d+$/, 'counters travel as decimal strings')
    assert.isAbove(await counterValue(snmpPolls, { result: 'ok' }), 0)
  }).timeout(90_000)

  test('ip link set down opens the link\'s incident in the API; up resolves it', async ({ assert, client }) => {
    await waitFor('the link seen up first', async () => (await linkState(links.fault.id))?.state === 'up')
    await lab.setLink('gsa1', 'down')
    let incidentId: number
    try {
      incidentId = await waitFor('an incident on the link', async () => {
        const response = await client.get(`/api/links/${links.fault.id}/incidents`).loginAs(noc)
        return response.status() === 200 && response.body().length ? response.body()[0].id : null
      })
      const incident = (await client.get(`/api/incidents/${incidentId}`).loginAs(noc)).body()
      assert.include(incident, { status: 'new', priority: 'P3', type: 'service' })
      assert.include(incident.title, links.fault.circuit_id)
      const state = await linkState(links.fault.id)
      assert.equal(state.state, 'down')
      assert.equal(state.open_incident_id, incidentId)
      assert.include(['lowerLayerDown', 'down'], state.oper_status)
      // The link on the other pair of the same device is untouched.
      assert.equal((await linkState(links.traffic.id)).state, 'up')
    } finally {
      await lab.setLink('gsa1', 'up')
    }
    await waitFor('the incident resolved', async () => {
      const response = await client.get(`/api/incidents/${incidentId}`).loginAs(noc)
      return response.body().status === 'resolved'
    })
    const state = await linkState(links.fault.id)
    assert.equal(state.state, 'up')
    assert.isNull(state.open_incident_id)
  }).timeout(90_000)

  test('a poll taken late and a poll skipped while the previous one runs are counted in device_status and Prometheus', async ({ assert }) => {
    const before = await deviceStatus(ids.a.id)
    const lateBefore = await counterValue(snmpPollLate)
    const skippedBefore = await counterValue(snmpPollSkipped)

    // Every collector busy elsewhere for two intervals: the pending poll is taken late.
    await collector.worker.pause()
    await new Promise((r) => setTimeout(r, INTERVAL_S * 2000 + 500))
    collector.worker.resume()
    const late = await waitFor('a late poll recorded', async () => {
      const row = await deviceStatus(ids.a.id)
      return row.polls_late > before.polls_late ? row : null
    })
    assert.isAbove(late.polls_total, before.polls_total)
    assert.isAbove(await counterValue(snmpPollLate), lateBefore)
    const lateReport = reports.find((r) => r.deviceId === ids.a.id && r.late)!
    assert.isAbove(lateReport.lateMs, collector.lateAfter(INTERVAL_S * 1000))

    // A poll of device A still running (its lock held, as another collector's poll would hold
    // it): the scheduled poll that comes meanwhile is skipped, not stacked behind it.
    const redis = new Redis({ ...(site.connection as object), maxRetriesPerRequest: 2 })
    const lock = `${site.prefix}:snmp-poll:polling:${ids.a.id}`
    try {
      await redis.set(lock, 'a poll elsewhere', 'PX', 60_000)
      const skipped = await waitFor('a skipped poll recorded', async () => {
        const row = await deviceStatus(ids.a.id)
        return row.polls_skipped > before.polls_skipped ? row : null
      })
      assert.isAbove(skipped.polls_skipped, before.polls_skipped)
    } finally {
      await redis.del(lock)
      redis.disconnect()
    }
    assert.isAbove(await counterValue(snmpPollSkipped), skippedBefore)
    assert.isTrue(reports.some((r) => r.deviceId === ids.a.id && r.result === 'skipped'))
    // Skipped polls are not failures: the device stays reachable.
    assert.isTrue((await deviceStatus(ids.a.id)).reachable)
  }).timeout(90_000)

  test('a device that stops answering is marked unreachable, its links unknown and suppressed, and the others are polled meanwhile', async ({ assert, client }) => {
    const from = Date.now()
    await lab.stopAgent('second')
    try {
      await waitFor('device C unreachable', async () => (await deviceStatus(ids.c.id))?.reachable === false)
      const state = await waitFor('link C unknown', async () => {
        const row = await linkState(links.c.id)
        return row?.state === 'unknown' ? row : null
      })
      assert.isTrue(state.suppressed)
      assert.deepInclude(state.suppressed_by, { type: 'device', id: ids.c.id })
      const status = (await client.get(`/api/devices/${ids.c.id}/status`).loginAs(noc)).body()
      assert.isFalse(status.reachable)
      assert.isNotNull(status.open_incident)
      const row = await deviceStatus(ids.c.id)
      assert.match(row.last_error, /^timeout: no answer/)
      assert.isNotNull(row.open_incident_id)
      assert.isNull((await linkState(links.c.id)).open_incident_id, 'no incident of its own for the suppressed link')

      // While C's polls wait out their timeouts, A is still polled: A's scheduled polls go on, and
      // a poll of A asked for in the middle of one of C's starts before C's has ended. (With a
      // single poll slot it would wait for C's timeout; a few tries ride out a loaded machine.)
      const failedC = reports.filter((r) => r.deviceId === ids.c.id && r.startedAt >= from && r.result === 'failed')
      assert.isAtLeast(failedC.length, 2)
      assert.isAtLeast(reports.filter((r) => r.deviceId === ids.a.id && r.startedAt >= from && r.result === 'ok').length, 2)
      let overlapped = false
      for (let attempt = 0; attempt < 4 && !overlapped; attempt++) {
        const lastSlot = Math.max(...reports.filter((r) => r.deviceId === ids.c.id && r.trigger === 'schedule').map((r) => r.scheduledAt))
        let slot = lastSlot + INTERVAL_S * 1000
        while (slot < Date.now() + 100) slot += INTERVAL_S * 1000
        await new Promise((r) => setTimeout(r, slot + 500 - Date.now()))
        const asked = Date.now()
        await monitoring.sync!.schedule.pollNow(ids.a.id)
        const a = await waitFor('the poll of A asked for', async () => reports.find((r) => r.deviceId === ids.a.id && r.trigger === 'manual' && r.startedAt >= asked))
        const c = await waitFor("C's poll of that slot", async () => reports.find((r) => r.deviceId === ids.c.id && r.scheduledAt === slot))
        overlapped = c.result === 'failed' && a.result === 'ok' && a.startedAt >= c.startedAt && a.startedAt < c.startedAt + c.durationMs
      }
      assert.isTrue(overlapped, "A was polled while C's poll was waiting for its timeout")
      assert.isTrue((await deviceStatus(ids.a.id)).reachable)
      assert.equal((await linkState(links.traffic.id)).state, 'up')
      assert.isAbove(await counterValue(snmpPolls, { result: 'timeout' }), 0)
    } finally {
      await lab.startAgent('second')
    }
    await waitFor('device C reachable again', async () => (await deviceStatus(ids.c.id))?.reachable === true)
    const incident = await db
      .from('incidents as i')
      .join('incident_items as it', 'it.incident_id', 'i.id')
      .where({ 'it.item_type': 'device', 'it.item_id': ids.c.id })
      .select('i.status')
      .first()
    assert.equal(incident.status, 'resolved')
    await waitFor('link C up again', async () => (await linkState(links.c.id))?.state === 'up')
  }).timeout(90_000)

  test('a linkDown trap from Net-SNMP snmptrap polls the device at once: the incident opens long before its next scheduled poll', async ({ assert, client }) => {
    const agency = (await db.from('devices').where('id', ids.a.id).first()).agency_id
    // Polled once an hour by schedule: anything seen within the test was seen because of a trap.
    const slow = await makePolledDevice(agency, { host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), intervalS: 3600 })
    const ifIndex = await lab.ifIndex('gsb3')
    const link = await makeBoundLink(agency, slow.id, ifIndex)
    const port = 17_000 + (process.pid % 2000)
    const listener = await startTrapListener({ site, port, address: lab.rootAddress, refreshMs: 500 })
    const outcomes: any[] = []
    const refused: any[] = []
    listener.on('trap', (o) => outcomes.push(o))
    listener.on('rejected', (r) => refused.push(r))
    const trap = (kind: 'linkDown' | 'linkUp', community = LAB_COMMUNITY) =>
      lab.exec([
        'snmptrap', '-v2c', '-c', community, '-On', `${lab.rootAddress}:${port}`, '',
        `1.3.6.1.6.3.1.1.5.${kind === 'linkDown' ? 3 : 4}`,
        `1.3.6.1.2.1.2.2.1.1.${ifIndex}`, 'i', String(ifIndex),
        `1.3.6.1.2.1.2.2.1.7.${ifIndex}`, 'i', '1',
        `1.3.6.1.2.1.2.2.1.8.${ifIndex}`, 'i', kind === 'linkDown' ? '2' : '1',
      ])
    const polledBefore = await counterValue(snmpTraps, { kind: 'linkDown', action: 'polled' })
    try {
      await waitFor('the slow device scheduled', async () => (await monitoring.sync!.schedule.queue.getJobScheduler(`device-${slow.id}`))?.every === 3_600_000)
      await trap('linkUp')
      await waitFor('the link seen up after the linkUp trap', async () => (await linkState(link.id))?.state === 'up')

      await trap('linkDown', 'definitely-wrong')
      await waitFor('the trap with a wrong community refused', async () => refused.some((r) => r.reason === 'unknown_community'))

      await lab.setLink('gsa3', 'down')
      await trap('linkDown')
      const incidentId = await waitFor('an incident on the link', async () => {
        const response = await client.get(`/api/links/${link.id}/incidents`).loginAs(noc)
        return response.body()?.[0]?.id
      })
      const mine = reports.filter((r) => r.deviceId === slow.id)
      assert.isNotEmpty(mine)
      assert.isTrue(mine.every((r) => r.trigger === 'trap'), 'every poll of the slow device came from a trap')
      assert.match(mine.at(-1)!.reason!, new RegExp(`^linkDown ifIndex ${ifIndex} trap from ${lab.host.replace(/\./g, '\\.')}`))
      assert.isFalse(mine.some((r) => r.late), 'immediate polls are never late')
      assert.deepInclude(outcomes.find((o) => o.kind === 'linkDown'), { action: 'polled', address: lab.host, ifIndex })
      assert.include(outcomes.find((o) => o.kind === 'linkDown').devices, slow.id)
      assert.isAbove(await counterValue(snmpTraps, { kind: 'linkDown', action: 'polled' }), polledBefore)
      assert.equal(listener.receiver!.stats.unknownCommunity, 1)

      await lab.setLink('gsa3', 'up')
      await trap('linkUp')
      await waitFor('the incident resolved', async () => (await client.get(`/api/incidents/${incidentId}`).loginAs(noc)).body().status === 'resolved')
    } finally {
      await lab.setLink('gsa3', 'up')
      await listener.close()
    }
  }).timeout(90_000)

  test('an SNMPv3 authPriv linkDown from the v3 device polls it at once; one with a wrong key is refused', async ({ assert }) => {
    const port = 21_000 + (process.pid % 2000)
    const listener = await startTrapListener({ site, port, address: lab.rootAddress, refreshMs: 3_600_000 })
    const outcomes: any[] = []
    const refused: any[] = []
    listener.on('trap', (o) => outcomes.push(o))
    listener.on('rejected', (r) => refused.push(r))
    const { user, authKey, privKey } = LAB_USERS.shaAes
    const ifIndex = await lab.ifIndex('gsa2')
    const trap = (key: string) =>
      lab.exec([
        'snmptrap', '-v3', '-u', user, '-l', 'authPriv', '-a', 'SHA', '-A', key, '-x', 'AES', '-X', privKey,
        '-On', `${lab.rootAddress}:${port}`, '', '1.3.6.1.6.3.1.1.5.3', `1.3.6.1.2.1.2.2.1.1.${ifIndex}`, 'i', String(ifIndex),
      ])
    const from = Date.now()
    try {
      await trap('not-the-auth-key')
      await waitFor('the forged trap refused', async () => refused.some((r) => ['auth_failure', 'unknown_user', 'decrypt_failure'].includes(r.reason)))
      assert.isUndefined(outcomes.find((o) => o.kind === 'linkDown'))
      await trap(authKey)
      const outcome = await waitFor('the v3 trap accepted', async () => outcomes.find((o) => o.kind === 'linkDown'))
      assert.deepInclude(outcome, { action: 'polled', ifIndex, address: lab.host })
      assert.include(outcome.devices, ids.v3.id)
      const poll = await waitFor('the poll it asked for', async () => reports.find((r) => r.deviceId === ids.v3.id && r.trigger === 'trap' && r.startedAt >= from))
      assert.equal(poll.result, 'ok', 'polled over SNMPv3 with the same credentials')
    } finally {
      await listener.close()
    }
  }).timeout(60_000)

  test('a trap from a device added since the credentials were read is refused once, then the credentials are read again at once', async ({ assert }) => {
    const agency = (await db.from('devices').where('id', ids.a.id).first()).agency_id
    const port = 19_000 + (process.pid % 2000)
    // The periodic read is an hour away: only the refusal can make the listener look again.
    const listener = await startTrapListener({ site, port, address: lab.rootAddress, refreshMs: 3_600_000, recheckMs: 200 })
    const outcomes: any[] = []
    const refused: any[] = []
    listener.on('trap', (o) => outcomes.push(o))
    listener.on('rejected', (r) => refused.push(r))
    const community = `gsn-new-${process.pid}`
    const trap = () =>
      lab.exec(['snmptrap', '-v2c', '-c', community, '-On', `${lab.rootAddress}:${port}`, '', '1.3.6.1.6.3.1.1.5.1'])
    try {
      await new Promise((r) => setTimeout(r, 300))
      const added = await makePolledDevice(agency, { host: lab.host, port: lab.port, credentials: { version: '2c', community }, intervalS: 3600 })
      await trap()
      await waitFor('the first trap refused', async () => refused.some((r) => r.reason === 'unknown_community'))
      const outcome = await waitFor('a later trap accepted', async () => {
        await new Promise((r) => setTimeout(r, 300))
        await trap()
        await new Promise((r) => setTimeout(r, 300))
        return outcomes.find((o) => o.kind === 'coldStart' && o.devices.includes(added.id))
      }, 10_000)
      assert.equal(outcome.action, 'polled')
    } finally {
      await listener.close()
    }
  }).timeout(60_000)

  test('two collectors share the schedule: both take polls and no slot of a device is polled twice', async ({ assert }) => {
    // A second BullMQ worker with its own Redis connections, as another collector process or
    // machine would be; Redis cannot tell the two apart.
    const second = startCollector({ site, concurrency: 8, timeoutMs: 700, retries: 1 })
    const byFirst: PollReport[] = []
    const bySecond: PollReport[] = []
    const first = (r: PollReport) => byFirst.push(r)
    collector.on('report', first)
    second.on('report', (r: PollReport) => bySecond.push(r))
    try {
      await waitFor('polls taken by both collectors', async () => byFirst.length >= 3 && bySecond.length >= 3)
    } finally {
      collector.off('report', first)
      await second.close()
    }
    const scheduled = [...byFirst, ...bySecond].filter((r) => r.trigger === 'schedule')
    const slots = scheduled.map((r) => `${r.deviceId}@${r.scheduledAt}`)
    assert.equal(new Set(slots).size, slots.length, 'each device slot polled once')
    assert.isTrue(bySecond.some((r) => r.result === 'ok'))
  }).timeout(60_000)

  test('adding, changing and removing devices changes the schedule within a sync tick', async ({ assert }) => {
    const queue = monitoring.sync!.schedule.queue
    const everyOf = async (deviceId: number) =>
      (await queue.getJobSchedulers(0, -1)).find((s) => deviceIdOfScheduler(s.key) === deviceId)?.every ?? null
    const agency = (await db.from('devices').where('id', ids.a.id).first()).agency_id
    const added = await makePolledDevice(agency, { host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), intervalS: 45 })
    assert.equal(await waitFor('new device scheduled', () => everyOf(added.id)), 45_000)
    await db.from('devices').where('id', added.id).update({ poll_interval_s: 300 })
    assert.equal(await waitFor('interval changed', async () => ((await everyOf(added.id)) === 300_000 ? 300_000 : null)), 300_000)
    await db.from('devices').where('id', added.id).delete()
    await waitFor('device unscheduled', async () => (await everyOf(added.id)) === null)
    assert.equal(await everyOf(ids.a.id), INTERVAL_S * 1000, 'the others are untouched')
  }).timeout(60_000)
})
