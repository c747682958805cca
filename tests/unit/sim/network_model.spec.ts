import { test } from '@japa/runner'
import { generateCalendar, transitionsBetween, weeklyEdges, type SimEvent } from '#app/demo/sim/calendar'
import { buildDeviceSpecs, MANAGEMENT_IF_INDEX } from '#app/demo/sim/inventory'
import { demoInventory } from '#tests/support/demo_inventory'
import { SimNetwork, type SimDeviceSpec } from '#app/demo/sim/model'
import { WEEK_SECONDS, weekPosition, weekStart } from '#app/demo/sim/traffic'

/** Monday 30 November 2026, 00:00 in Taipei. */
const MONDAY = Date.UTC(2026, 10, 29, 16, 0, 0) / 1000

function smallSpecs(): SimDeviceSpec[] {
  return [
    {
      hostname: 'agg-test-01',
      address: '127.77.0.1',
      port: 161,
      kind: 'switch',
      vendor: 'Cisco',
      model: 'Catalyst 9500-48Y4C',
      region: 'north',
      credentials: { version: '2c', community: 'c' },
      interfaces: [1, 2, 3].map((i) => ({ ifIndex: i, role: 'legacy' as const, circuitId: `GSN-L-00000${i}`, bandwidthBps: 10e6 })),
    },
    {
      hostname: 'gsn-test-r1a',
      address: '127.77.0.2',
      port: 161,
      kind: 'router',
      vendor: 'Juniper',
      model: 'MX204',
      region: 'north',
      credentials: { version: '2c', community: 'c' },
      interfaces: [{ ifIndex: 1, role: 'uplink' as const, circuitId: 'GSN-U-TEST-1', bandwidthBps: 10e9 }],
    },
  ]
}

test.group('Simulated network: the demo inventory', () => {
  test('every device with credentials on 127/8 is simulated, with its links and a management port', ({ assert }) => {
    const { devices, links } = demoInventory(new Date(MONDAY * 1000))
    const { specs, problems } = buildDeviceSpecs(devices, links)
    assert.deepEqual(problems, [])
    assert.equal(specs.length, devices.length)
    const live = links.filter((l) => l.status !== 'decommissioned')
    assert.equal(specs.reduce((n, s) => n + s.interfaces.filter((i) => i.circuitId).length, 0), live.length)
    for (const s of specs) assert.isTrue(s.interfaces.some((i) => i.ifIndex === MANAGEMENT_IF_INDEX))
    const uplink = specs.find((s) => s.hostname === 'gsn-moda-r1a')!.interfaces.find((i) => i.role === 'uplink')!
    assert.equal(uplink.bandwidthBps, live.find((l) => l.circuitId === uplink.circuitId)!.bandwidthKbps * 1000)
    // A few lines in the middle of their cut-over are shut on purpose.
    const shut = specs.flatMap((s) => s.interfaces).filter((i) => i.adminDown).length
    assert.isAbove(shut, 3)
    assert.isBelow(shut, 60)
  }).timeout(60_000)

  test('devices the simulator must not take over are reported, not simulated', ({ assert }) => {
    const { specs, problems } = buildDeviceSpecs(
      [
        { hostname: 'real', kind: 'router', managementAddress: '10.1.1.1', snmpPort: 161, vendor: null, model: null, region: null, credentials: { version: '2c', community: 'x' } },
        { hostname: 'sealed', kind: 'router', managementAddress: '127.1.1.1', snmpPort: 161, vendor: null, model: null, region: null, credentials: new Error('bad key') },
        { hostname: 'none', kind: 'router', managementAddress: '127.1.1.2', snmpPort: 161, vendor: null, model: null, region: null, credentials: null },
      ],
      []
    )
    assert.lengthOf(specs, 0)
    assert.lengthOf(problems, 3)
    assert.match(problems[0], /not in 127/)
  })

  test('utilisation spreads: most lines idle along, some run near full at the morning peak, some uplinks run hot', ({ assert }) => {
    const { devices, links } = demoInventory(new Date(MONDAY * 1000))
    const network = new SimNetwork(buildDeviceSpecs(devices, links).specs)
    const wednesday1030 = MONDAY + (2 * 24 + 10.5) * 3600
    const wednesday0300 = MONDAY + (2 * 24 + 3) * 3600
    const legacy: number[] = []
    const uplinks: number[] = []
    let night = 0
    let nightCount = 0
    for (const d of network.devices.values()) {
      for (const i of d.interfaces.values()) {
        if (i.role === 'legacy' && i.adminUp) {
          legacy.push(i.out.utilisationAt(wednesday1030))
          night += i.out.utilisationAt(wednesday0300)
          nightCount++
        }
        if (i.role === 'uplink') uplinks.push(i.out.utilisationAt(wednesday1030))
      }
    }
    const share = (list: number[], test: (u: number) => boolean) => list.filter(test).length / list.length
    const mean = legacy.reduce((a, b) => a + b, 0) / legacy.length
    assert.isAbove(share(legacy, (u) => u < 0.5), 0.5)
    assert.isAbove(share(legacy, (u) => u > 0.7), 0.03)
    assert.isAbove(mean, 4 * (night / nightCount))
    assert.isAbove(share(uplinks, (u) => u > 0.8), 0.05)
    assert.isBelow(share(uplinks, (u) => u > 0.8), 0.6)
  }).timeout(60_000)

  test('the calendar keeps the board alive: at any moment something is failing, and it changes every minute or two', ({ assert }) => {
    const { devices, links } = demoInventory(new Date(MONDAY * 1000))
    const network = new SimNetwork(buildDeviceSpecs(devices, links).specs)
    const summary = network.summary()
    assert.isAbove(summary.events.link_down, 3000)
    assert.isAbove(summary.events.device_silent, 100)
    let deadMinutes = 0
    let quietTwoMinutes = 0
    let noLinkDown = 0
    const samples = 2000
    for (let k = 0; k < samples; k++) {
      const t = MONDAY + Math.floor((k / samples) * WEEK_SECONDS) + 17
      const active = network.activeAt(t)
      // Someone opening the board at t sees a failure in progress, or one within the minute.
      if (active.length === 0 && transitionsBetween(network.edges, t, t + 60).length === 0) deadMinutes++
      if (transitionsBetween(network.edges, t, t + 120).length === 0) quietTwoMinutes++
      if (!active.some((e) => e.kind === 'link_down' || e.kind === 'link_flap')) noLinkDown++
    }
    assert.isBelow(deadMinutes / samples, 0.005)
    assert.isBelow(quietTwoMinutes / samples, 0.05)
    assert.isBelow(noLinkDown / samples, 0.1)
  }).timeout(60_000)
})

test.group('Simulated network: the calendar', () => {
  test('no two events on one link or device overlap, durations are as asked, all inside the week', ({ assert }) => {
    const links = Array.from({ length: 40 }, (_, i) => ({ device: `d${i % 4}`, ifIndex: i + 1, circuitId: `L${i}`, kind: i < 4 ? ('uplink' as const) : ('legacy' as const) }))
    const devices = [0, 1, 2, 3].map((i) => ({ hostname: `d${i}`, links: 10 }))
    const events = generateCalendar(links, devices, { seed: 'cal', linkDown: { every: 120, duration: [120, 240] } })
    const byTarget = new Map<string, SimEvent[]>()
    for (const e of events) {
      const key = e.ifIndex ? `${e.device}#${e.ifIndex}` : `device:${e.device}`
      byTarget.set(key, [...(byTarget.get(key) ?? []), e])
      assert.isAtLeast(e.start, 0)
      assert.isAtMost(e.end, WEEK_SECONDS)
      if (e.kind === 'link_down') assert.isTrue(e.end - e.start >= 120 && e.end - e.start <= 240)
      for (const [s, end] of e.downs ?? []) assert.isTrue(s >= e.start && end <= e.end && end > s)
    }
    for (const list of byTarget.values()) {
      list.sort((a, b) => a.start - b.start)
      for (let i = 1; i < list.length; i++) assert.isAtLeast(list[i].start, list[i - 1].end + 60)
    }
    assert.deepEqual(generateCalendar(links, devices, { seed: 'cal', linkDown: { every: 120, duration: [120, 240] } }), events)
  })

  test('transitions between two instants come in time order, across a week boundary', ({ assert }) => {
    const event: SimEvent = { kind: 'link_down', device: 'd', ifIndex: 1, circuitId: 'L', start: WEEK_SECONDS - 30, end: WEEK_SECONDS + 30, downs: [[WEEK_SECONDS - 30, WEEK_SECONDS + 30]] }
    const edges = weeklyEdges([event])
    const monday = weekStart(weekPosition(MONDAY).week)
    const found = transitionsBetween(edges, monday - 60, monday + 60)
    assert.deepEqual(
      found.map((t) => [t.what, t.at - monday]),
      [
        ['link_down', -30],
        ['link_up', 30],
      ]
    )
    assert.equal(found[0].until, monday + 30)
  })
})

test.group('Simulated network: devices and interfaces at an instant', () => {
  const at = (second: number) => MONDAY + 7 * WEEK_SECONDS + second
  const events: SimEvent[] = [
    { kind: 'link_down', device: 'agg-test-01', ifIndex: 2, circuitId: 'GSN-L-000002', start: 1000, end: 1200, downs: [[1000, 1200]] },
    { kind: 'device_silent', device: 'agg-test-01', start: 5000, end: 5300 },
    { kind: 'device_reboot', device: 'gsn-test-r1a', start: 8000, end: 8090 },
    { kind: 'congestion', device: 'gsn-test-r1a', ifIndex: 1, circuitId: 'GSN-U-TEST-1', start: 20_000, end: 20_600, level: { in: 0.6, out: 0.95 } },
  ]
  const network = () => new SimNetwork(smallSpecs(), { events })

  test('a link down shows oper down with its last change, and counts nothing while down', ({ assert }) => {
    const switch1 = network().devices.get('agg-test-01')!
    const before = switch1.reading(2, at(999))!
    const during = switch1.reading(2, at(1100))!
    const later = switch1.reading(2, at(1199))!
    const after = switch1.reading(2, at(1260))!
    assert.equal(before.operStatus, 1)
    assert.equal(during.operStatus, 2)
    assert.equal(during.adminStatus, 1)
    assert.equal(later.outOctets, during.outOctets)
    assert.equal(after.operStatus, 1)
    assert.isTrue(after.outOctets > later.outOctets)
    const boot = switch1.bootAt(at(1100))
    assert.equal(during.lastChange, (at(1000) - boot) * 100)
    assert.equal(after.lastChange, (at(1200) - boot) * 100)
    assert.equal(switch1.reading(1, at(1100))!.operStatus, 1, 'the other lines stay up')
  })

  test('a silent device is silent only in its window', ({ assert }) => {
    const switch1 = network().devices.get('agg-test-01')!
    assert.isFalse(switch1.silentAt(at(4999)))
    assert.isTrue(switch1.silentAt(at(5000)))
    assert.isFalse(switch1.silentAt(at(5300)))
  })

  test('a restart: silent meanwhile, then sysUpTime and counters start again from zero', ({ assert }) => {
    const router = network().devices.get('gsn-test-r1a')!
    const before = router.reading(1, at(7990))!
    assert.isTrue(router.silentAt(at(8050)))
    // Up since last week's restart, which ended 100 s more than a week before.
    assert.equal(router.upTimeAt(at(7990) * 1000), (WEEK_SECONDS - 100) * 100)
    assert.equal(router.upTimeAt(at(8090) * 1000), 0)
    assert.equal(router.upTimeAt(at(8100) * 1000), 1000)
    const after = router.reading(1, at(8100))!
    // A router that restarts starts its first line's counters near 2^64 (the wrap quirk): what
    // it counted since its boot is the value less that offset.
    const offset = router.interfaces.get(1)!.counterOffset
    assert.isAbove(Number(offset >> 60n), 0)
    const sinceBoot = (v: bigint) => (v - offset + (1n << 64n)) % (1n << 64n)
    assert.isTrue(sinceBoot(after.outOctets) < sinceBoot(before.outOctets))
    assert.isTrue(sinceBoot(after.outOctets) <= 10n * 1_250_000_000n, 'at most 10 s at line rate since the boot')
  })

  test('a congested uplink runs at its level, and discards what does not fit', ({ assert }) => {
    const router = network().devices.get('gsn-test-r1a')!
    const a = router.reading(1, at(20_100))!
    const b = router.reading(1, at(20_400))!
    const bits = Number(((b.outOctets - a.outOctets + (1n << 64n)) % (1n << 64n)) * 8n)
    assert.closeTo(bits / 300 / 10e9, 0.95, 0.001)
    assert.isAbove(b.outDiscards, a.outDiscards)
  })

  test('events naming what is not in the network are refused', ({ assert }) => {
    assert.throws(() => new SimNetwork(smallSpecs(), { events: [{ kind: 'link_down', device: 'nowhere', ifIndex: 1, start: 10, end: 20 }] }), /not in the network/)
    assert.throws(() => new SimNetwork(smallSpecs(), { events: [{ kind: 'link_down', device: 'agg-test-01', ifIndex: 99, start: 10, end: 20 }] }), /does not have/)
    assert.throws(() => new SimNetwork(smallSpecs(), { events: [{ kind: 'link_down', device: 'agg-test-01', start: 10, end: 20 }] }), /needs an ifIndex/)
  })
})
