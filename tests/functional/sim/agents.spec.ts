import { createSocket } from 'node:dgram'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { sealCredentials, type SnmpCredentials } from '#app/devices/snmp_credentials'
import { makeAgency } from '#tests/support/fixtures'
import { buildDeviceSpecs, MANAGEMENT_IF_INDEX } from '#app/demo/sim/inventory'
import { loadInventory } from '#app/demo/sim/load_inventory'
import { SimNetwork } from '#app/demo/sim/model'
import { RunningNetwork } from '#app/demo/sim/network'
import { WEEK_SECONDS, weekPosition } from '#app/demo/sim/traffic'
import type { SimEvent } from '#app/demo/sim/calendar'
import { SnmpPoller, type PollTarget } from '#collectors/snmp/poller'
import { SnmpSession } from '#collectors/snmp/session'
import { pollDevice, type DevicePoll } from '#collectors/snmp/interfaces'
import { TrapReceiver, type TrapEvent } from '#collectors/snmp/traps'
import { freeUdpPort } from '#tests/functional/sim/udp'
import { until } from '#tests/support/wait'

/**
 * The simulated network on the wire: agents for devices read from the database, polled with our
 * own collector (SNMPv2c and SNMPv3 authPriv SHA/AES), with a failure scheduled a few seconds
 * ahead, and the traps the simulated devices send about it.
 */

// Addresses of our own in 127/8, apart from other test runs in this tree (and from the demo's 127.10–30).
const NET = `127.${150 + (process.pid % 100)}`
const V3: SnmpCredentials = {
  version: '3',
  user: 'gsn-poller',
  level: 'authPriv',
  authProtocol: 'sha',
  authKey: 'sim-test-auth-key',
  privProtocol: 'aes',
  privKey: 'sim-test-priv-key',
}
const V2C: SnmpCredentials = { version: '2c', community: 'sim-test-ro' }

/**
 * The simulated network's clock: real time, except while a test pins it to the moment it wants
 * the network to be at. It never goes back, so the agents' uptimes and counters only grow.
 */
const simClock = {
  shiftMs: 0,
  pinnedAt: null as number | null,
  now: () => simClock.pinnedAt ?? Date.now() + simClock.shiftMs,
  holdAt(at: number) {
    if (at < simClock.now()) throw new Error('the simulated clock does not go back')
    simClock.pinnedAt = at
  },
  /** Lets time run on from where it was pinned. */
  release() {
    if (simClock.pinnedAt === null) return
    simClock.shiftMs = simClock.pinnedAt - Date.now()
    simClock.pinnedAt = null
  },
}

function ok(result: DevicePoll) {
  if (!result.ok) throw new Error(`${result.device}: ${result.error.kind}: ${result.error.message}`)
  return result
}

test.group('Simulated GSN: agents polled by our collector', (group) => {
  let running: RunningNetwork
  let receiver: TrapReceiver
  let port: number
  let downAt: number
  const log: Array<Record<string, any>> = []
  const traps: TrapEvent[] = []
  const hosts = { a: `sim-agg-${process.pid}`, b: `sim-r1a-${process.pid}`, c: `sim-fw-${process.pid}` }
  const address = { a: `${NET}.1.1`, b: `${NET}.1.2`, c: `${NET}.1.3` }

  group.setup(async () => {
    const agency = await makeAgency()
    const device = (hostname: string, kind: string, managementAddress: string, credentials: SnmpCredentials) => ({
      hostname,
      kind,
      management_address: managementAddress,
      region: 'north',
      agency_id: agency.id,
      vendor: kind === 'router' ? 'Juniper' : kind === 'switch' ? 'Cisco' : 'Fortinet',
      model: kind === 'router' ? 'MX204' : kind === 'switch' ? 'Catalyst 9500-48Y4C' : 'FortiGate 1800F',
      snmp_version: credentials.version,
      snmp_port: 161,
      snmp_credentials: sealCredentials(credentials),
    })
    const rows = await db
      .table('devices')
      .insert([
        device(hosts.a, 'switch', address.a, V2C),
        device(hosts.b, 'router', address.b, V3),
        device(hosts.c, 'firewall', address.c, V2C),
      ])
      .returning(['id', 'hostname'])
    const idOf = new Map(rows.map((r: { id: number; hostname: string }) => [r.hostname, r.id]))
    const link = (circuit: string, kind: 'legacy' | 'uplink', deviceId: number, ifIndex: number, mbps: number) => ({
      circuit_id: `${circuit}-${process.pid}`,
      name: circuit,
      kind,
      agency_id: agency.id,
      a_end: 'A',
      z_end: 'Z',
      bandwidth_kbps: mbps * 1000,
      device_id: deviceId,
      if_index: ifIndex,
      status: 'active',
    })
    await db.table('links').insert([
      link('SIM-L-1', 'legacy', idOf.get(hosts.a)!, 1, 100),
      link('SIM-L-2', 'legacy', idOf.get(hosts.a)!, 2, 100),
      link('SIM-L-3', 'legacy', idOf.get(hosts.a)!, 3, 100),
      link('SIM-U-1', 'uplink', idOf.get(hosts.b)!, 1, 10_000),
    ])

    port = await freeUdpPort(address.a)
    const trapPort = await freeUdpPort('127.0.0.1')
    // Accepting what the devices are polled with, as the collector's trap listener does, plus a
    // second user of the same name with other keys (another device's).
    receiver = await TrapReceiver.start({
      port: trapPort,
      address: '127.0.0.1',
      communities: [(V2C as { community: string }).community],
      users: [{ ...V3, authKey: 'someone-elses-auth', privKey: 'someone-elses-priv' }, V3],
      onTrap: (e) => traps.push(e),
    })

    const inventory = await loadInventory({ hostnames: Object.values(hosts) })
    const { specs, problems } = buildDeviceSpecs(inventory.devices, inventory.links, { port })
    if (problems.length) throw new Error(problems.join('\n'))
    // Line 2 and the uplink go down an hour from now for 8 s; the firewall stops answering
    // meanwhile. The failure test moves the network's clock there, so nothing waits for it.
    const now = Math.floor(simClock.now() / 1000)
    const s0 = weekPosition(now).second
    const start = (s0 + 3600) % WEEK_SECONDS
    downAt = now + 3600
    const events: SimEvent[] = [
      { kind: 'link_down', device: hosts.a, ifIndex: 2, circuitId: `SIM-L-2-${process.pid}`, start, end: start + 8, downs: [[start, start + 8]] },
      { kind: 'link_down', device: hosts.b, ifIndex: 1, circuitId: `SIM-U-1-${process.pid}`, start, end: start + 8, downs: [[start, start + 8]] },
      { kind: 'device_silent', device: hosts.c, start, end: start + 8 },
    ]
    const network = new SimNetwork(specs, { seed: 'sim-test', events })
    running = await RunningNetwork.start(network, {
      port,
      log: (entry) => log.push(entry),
      clock: simClock.now,
      tickMs: 200,
      // Each device sends with its own credentials.
      traps: { host: '127.0.0.1', port: trapPort },
    })
    return async () => {
      await running?.stop()
      await receiver?.close()
    }
  })

  const target = (hostname: string, host: string, credentials: SnmpCredentials, ifIndexes?: number[]): PollTarget => ({
    id: hostname,
    host,
    port,
    credentials,
    timeoutMs: 500,
    retries: 0,
    ifIndexes,
  })

  test('every device answers on its own address, SNMPv2c and SNMPv3 authPriv SHA/AES', async ({ assert }) => {
    assert.deepEqual(running.failed, [])
    assert.equal(running.agents.size, 3)
    assert.equal(log[0].event, 'network_started')
    const poller = new SnmpPoller({ concurrency: 4, intervalMs: 10_000 })
    try {
      const cycle = await poller.pollCycle([
        target(hosts.a, address.a, V2C, [1, 2, 3]),
        target(hosts.b, address.b, V3, [1]),
        target(hosts.c, address.c, V2C),
      ])
      assert.equal(cycle.stats.ok, 3, JSON.stringify(cycle.results.filter((r) => !r.ok)))
      const byId = new Map(cycle.results.map((r) => [r.device, ok(r)]))
      const uplink = byId.get(hosts.b)!.snapshot.interfaces.get(1)!
      assert.equal(uplink.alias, `SIM-U-1-${process.pid}`)
      assert.equal(uplink.highSpeed, 10_000)
      assert.equal(uplink.speed, 4_294_967_295)
      assert.equal(uplink.octetBits, 64)
      assert.equal(uplink.name, 'xe-0/0/0')
      assert.match(byId.get(hosts.b)!.engine!.id, /^80000a4c04/, 'Juniper enterprise, text engine ID')
      const line = byId.get(hosts.a)!.snapshot.interfaces.get(3)!
      assert.equal(line.speed, 100_000_000)
      assert.equal(line.highSpeed, 100)
      assert.equal(line.name, 'Gi1/0/3')
      // The firewall, which no link points at, still has its two sides and a management port.
      assert.sameMembers([...byId.get(hosts.c)!.snapshot.interfaces.keys()], [1, 2, MANAGEMENT_IF_INDEX])
      assert.isAbove(byId.get(hosts.a)!.snapshot.sysUpTime!, 0)
    } finally {
      poller.close()
    }
  })

  test('counters grow between polls, as the daily curve says', async ({ assert }) => {
    const session = new SnmpSession({ host: address.b, port, credentials: V3, timeoutMs: 500, retries: 0 })
    try {
      // Two readings two seconds apart on the network's clock, however long the polls take here.
      const t0 = simClock.now()
      simClock.holdAt(t0)
      const first = ok(await pollDevice(session, hosts.b, { ifIndexes: [1] }))
      simClock.holdAt(t0 + 2000)
      const second = ok(await pollDevice(session, hosts.b, { ifIndexes: [1] }))
      const a = first.snapshot.interfaces.get(1)!
      const b = second.snapshot.interfaces.get(1)!
      assert.isTrue(b.outOctets! > a.outOctets!, 'ifHCOutOctets grew')
      assert.isTrue(b.inOctets! > a.inOctets!, 'ifHCInOctets grew')
      // The rate is what the model says the line carries.
      const iface = running.network.devices.get(hosts.b)!.interfaces.get(1)!
      const measured = (Number(b.outOctets! - a.outOctets!) * 8) / 2 / iface.speedBps
      const modelled = iface.out.utilisationAt(Math.floor((t0 + 2000) / 1000))
      assert.closeTo(measured, modelled, 0.5 * modelled + 0.01)
      assert.isTrue(second.snapshot.sysUpTime! > first.snapshot.sysUpTime!)
    } finally {
      simClock.release()
      session.close()
    }
  })

  test('a whole-table walk is answered with GETBULK as RFC 3416 counts repetitions', async ({ assert }) => {
    const session = new SnmpSession({ host: address.a, port, credentials: V2C, timeoutMs: 500, retries: 0 })
    try {
      const walk = ok(await pollDevice(session, hosts.a, { maxRepetitions: 50, targetVarbinds: 200 }))
      assert.sameMembers([...walk.snapshot.interfaces.keys()], [1, 2, 3, MANAGEMENT_IF_INDEX])
      // 4 rows × 14 columns fit in one answer; net-snmp's own agent would need one request per row.
      assert.isAtMost(walk.requests, 2)
      assert.equal(walk.snapshot.interfaces.get(1)!.alias, `SIM-L-1-${process.pid}`)
    } finally {
      session.close()
    }
  })

  test('a scheduled failure: the line goes down and comes back, the device falls silent, traps tell it', async ({ assert }) => {
    const session = new SnmpSession({ host: address.a, port, credentials: V2C, timeoutMs: 500, retries: 0 })
    const silent = new SnmpSession({ host: address.c, port, credentials: V2C, timeoutMs: 500, retries: 0 })
    const logged = (event: string, device: string) => until(`${event} of ${device} in the network's log`, () => log.some((e) => e.event === event && e.device === device))
    try {
      simClock.holdAt(downAt * 1000 - 2000)
      const before = ok(await pollDevice(session, hosts.a, { ifIndexes: [1, 2, 3] }))
      assert.equal(before.snapshot.interfaces.get(2)!.operStatus, 1)

      simClock.holdAt(downAt * 1000 + 1500)
      await logged('link_down', hosts.a)
      const during = ok(await pollDevice(session, hosts.a, { ifIndexes: [1, 2, 3] }))
      assert.equal(during.snapshot.interfaces.get(2)!.operStatus, 2, 'ifOperStatus down')
      assert.equal(during.snapshot.interfaces.get(2)!.adminStatus, 1, 'not shut on purpose')
      assert.equal(during.snapshot.interfaces.get(1)!.operStatus, 1)
      const gone = await pollDevice(silent, hosts.c)
      assert.isFalse(gone.ok)
      if (!gone.ok) assert.equal(gone.error.kind, 'timeout')

      // Three seconds on, still inside the outage: the down line counted nothing, the one beside it did.
      simClock.holdAt(downAt * 1000 + 4500)
      const stillDown = ok(await pollDevice(session, hosts.a, { ifIndexes: [1, 2] }))
      assert.equal(stillDown.snapshot.interfaces.get(2)!.operStatus, 2)
      assert.equal(stillDown.snapshot.interfaces.get(2)!.outOctets, during.snapshot.interfaces.get(2)!.outOctets, 'a down line counts nothing')
      assert.isTrue(stillDown.snapshot.interfaces.get(1)!.outOctets! > during.snapshot.interfaces.get(1)!.outOctets!, 'the clock moved')

      simClock.holdAt((downAt + 8) * 1000 + 1500)
      await logged('link_up', hosts.a)
      const after = ok(await pollDevice(session, hosts.a, { ifIndexes: [1, 2, 3] }))
      assert.equal(after.snapshot.interfaces.get(2)!.operStatus, 1, 'back up')
      assert.isTrue(ok(await pollDevice(silent, hosts.c)).ok, 'answering again')
      await logged('device_answering', hosts.c)

      const events = log.map((e) => `${e.event} ${e.device}${e.if_index ? ` ${e.if_index}` : ''}`)
      assert.includeMembers(events, [
        `link_down ${hosts.a} 2`,
        `link_up ${hosts.a} 2`,
        `link_down ${hosts.b} 1`,
        `link_up ${hosts.b} 1`,
        `device_silent ${hosts.c}`,
        `device_answering ${hosts.c}`,
      ])
      const down = log.find((e) => e.event === 'link_down')!
      assert.equal(down.circuit_id, `SIM-L-2-${process.pid}`)
      assert.equal(down.until, new Date((downAt + 8) * 1000).toISOString())

      // The switch sent linkDown and linkUp from its own management address.
      const trapsFrom = (host: string) =>
        until(`linkDown and linkUp from ${host}`, () => {
          const from = traps.filter((t) => t.source.address === host)
          return from.length >= 2 && from
        })
      const fromSwitch = await trapsFrom(address.a)
      assert.deepEqual(
        fromSwitch.map((t) => [t.kind, t.ifIndex, t.operStatus]),
        [
          ['linkDown', 2, 2],
          ['linkUp', 2, 1],
        ]
      )
      assert.equal(fromSwitch[0].community, 'sim-test-ro')
      // The router's, over SNMPv3 on its own engine, with the keys it is polled with.
      const fromRouter = await trapsFrom(address.b)
      assert.deepEqual(
        fromRouter.map((t) => [t.kind, t.ifIndex, t.version, t.user]),
        [
          ['linkDown', 1, '3', 'gsn-poller'],
          ['linkUp', 1, '3', 'gsn-poller'],
        ]
      )
      assert.equal(fromRouter[0].engineId, running.network.devices.get(hosts.b)!.engineId)
      assert.equal(receiver.stats.authFailures, 0)
    } finally {
      simClock.release()
      session.close()
      silent.close()
    }
  }).timeout(60_000)

  test('wrong credentials are refused and counted, and the agent keeps answering others', async ({ assert }) => {
    const wrongCommunity = new SnmpSession({ host: address.a, port, credentials: { version: '2c', community: 'nope' }, timeoutMs: 300, retries: 0 })
    const wrongKey = new SnmpSession({ host: address.b, port, credentials: { ...V3, authKey: 'not-the-auth-key' }, timeoutMs: 300, retries: 0 })
    const right = new SnmpSession({ host: address.b, port, credentials: V3, timeoutMs: 500, retries: 0 })
    try {
      const refusedBefore = running.stats().refused
      assert.isFalse((await pollDevice(wrongCommunity, 'x', { ifIndexes: [1] })).ok)
      assert.isFalse((await pollDevice(wrongKey, 'y', { ifIndexes: [1] })).ok)
      assert.isAtLeast(running.stats().refused - refusedBefore, 2)
      ok(await pollDevice(right, hosts.b, { ifIndexes: [1] }))
      // Garbage to an agent is refused like the rest.
      const socket = createSocket('udp4')
      await new Promise<void>((resolve) => socket.send(Buffer.from('not snmp at all'), port, address.a, () => resolve()))
      socket.close()
      await until('the garbage to be refused', () => running.stats().refused - refusedBefore >= 3)
      assert.isTrue(log.some((e) => e.event === 'request_refused'))
    } finally {
      wrongCommunity.close()
      wrongKey.close()
      right.close()
    }
  })
})
