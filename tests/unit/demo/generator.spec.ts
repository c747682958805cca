import { test } from '@japa/runner'
import { PROGRAMME_START, type DemoDataSet } from '#app/demo/data_set'
import { generateDemoData } from '#app/demo/generator'
import { COUNTY_BY_KEY, POPS } from '#app/demo/places'
import { ROLES } from '#app/access/roles'

const NOW = new Date('2026-11-26T08:00:00Z')
let base: DemoDataSet

test.group('demo generator', (group) => {
  group.setup(() => {
    base = generateDemoData({ now: NOW })
  })

  test('the same seed and dates give the same data set; another seed differs', ({ assert }) => {
    const again = generateDemoData({ now: NOW })
    assert.deepEqual(again, base)
    const other = generateDemoData({ seed: 'another', now: NOW })
    // The catalogue is fixed; what happened to each line is drawn.
    assert.deepEqual(other.agencies.map((a) => a.code), base.agencies.map((a) => a.code))
    assert.notDeepEqual(other.links.map((l) => l.status), base.links.map((l) => l.status))
  }).timeout(30000)

  // The programme's own figures (README, ../shared/reference/gsn-programme.md), written out here
  // rather than read from the generator's constants, so a slip in those shows.
  test('the programme baselines come out exactly', ({ assert }) => {
    assert.lengthOf(base.dataCentres, 280)
    assert.lengthOf(base.systems, 4500)
    const legacy = base.links.filter((l) => l.kind === 'legacy')
    const uplinks = base.links.filter((l) => l.kind === 'uplink')
    assert.lengthOf(legacy, 17_485)
    assert.isAtLeast(uplinks.length, 35)
    assert.isAtMost(uplinks.length, 45)
    assert.isAtLeast(base.agencies.length, 300)
    assert.isAtLeast(base.devices.length, 80)
    assert.isAtMost(base.devices.length, 130)
    assert.deepEqual(base.users.map((u) => u.role).sort(), [...ROLES].sort())
    // The demo logins the README lists, the liaison bound to 交通部 (MOTC).
    assert.deepEqual(
      base.users.map((u) => [u.email, u.role, u.agency_code]),
      [
        ['admin@gsn.demo', 'admin', null],
        ['noc@gsn.demo', 'noc', null],
        ['analyst@gsn.demo', 'analyst', null],
        ['cio@gsn.demo', 'cio', null],
        ['auditor@gsn.demo', 'auditor', null],
        ['liaison@gsn.demo', 'agency_liaison', 'MOTC'],
      ]
    )
    const motc = base.agencies.find((a) => a.code === 'MOTC')
    assert.equal(motc?.name, '交通部')
  })

  test('consolidation is part-way: some of everything done, none of it finished', ({ assert }) => {
    const rooms = base.dataCentres.filter((d) => d.status !== 'closed').length
    const systems = base.systems.filter((s) => s.status === 'active' || s.status === 'migrating').length
    const lines = base.links.filter((l) => l.kind === 'legacy' && l.status !== 'decommissioned').length
    assert.isAbove(rooms, 80)
    assert.isBelow(rooms, 200)
    assert.isAbove(systems, 675)
    assert.isBelow(systems, 3000)
    assert.isAbove(lines, 2000)
    assert.isBelow(lines, 12000)
    for (const status of ['operating', 'consolidating', 'closed']) {
      assert.isTrue(base.dataCentres.some((d) => d.status === status), status)
    }
    for (const status of ['active', 'migrating', 'merged', 'retired']) {
      assert.isTrue(base.systems.some((s) => s.status === status), status)
    }
  })

  test('closures are dated within the programme, spread over years and quickening', ({ assert }) => {
    const dates = [
      ...base.dataCentres.map((d) => d.closure_date),
      ...base.systems.map((s) => s.retirement_date),
      ...base.links.map((l) => l.decommission_date),
    ].filter((d): d is string => d !== null)
    assert.isTrue(dates.every((d) => d >= PROGRAMME_START && d <= base.asOf))
    const perYear = (y: string) => dates.filter((d) => d.startsWith(y)).length
    assert.isAbove(perYear('2023'), 0)
    assert.isAbove(perYear('2025'), perYear('2023'))
    assert.isTrue(base.dataCentres.every((d) => (d.status === 'closed') === (d.closure_date !== null)))
    assert.isTrue(base.links.every((l) => (l.status === 'decommissioned') === (l.decommission_date !== null)))
  })

  test('references point where the programme says', ({ assert }) => {
    const room = new Map(base.dataCentres.map((d) => [d.code, d]))
    for (const d of base.dataCentres.filter((x) => x.consolidated_into_code)) {
      const target = room.get(d.consolidated_into_code!)!
      assert.isTrue(target.shared && target.status === 'operating', d.code)
    }
    const system = new Map(base.systems.map((s) => [s.code, s]))
    for (const s of base.systems) {
      if (s.status === 'merged') assert.equal(system.get(s.merged_into_code!)?.status, 'active', s.code)
      else assert.isNull(s.merged_into_code)
      if (s.data_centre_code && (s.status === 'active' || s.status === 'migrating')) {
        assert.notEqual(room.get(s.data_centre_code)!.status, 'closed', s.code)
      }
    }
    const link = new Map(base.links.map((l) => [l.circuit_id, l]))
    const agency = new Map(base.agencies.map((a) => [a.code, a]))
    for (const l of base.links.filter((x) => x.kind === 'legacy' && x.consolidated_into_circuit)) {
      const uplink = link.get(l.consolidated_into_circuit!)!
      assert.equal(uplink.kind, 'uplink')
      // A line folds into an uplink of the ministry (or regional hub) its agency folds into.
      assert.equal(uplink.agency_code, agency.get(l.agency_code)!.hub_code)
    }
  })

  test('agencies: a tree under the Executive Yuan, hubs that fold into themselves', ({ assert }) => {
    const agency = new Map(base.agencies.map((a) => [a.code, a]))
    assert.equal(base.agencies[0].code, 'EY')
    assert.equal(base.agencies[0].level, 1)
    for (const a of base.agencies.slice(1)) {
      const parent = agency.get(a.parent_code!)!
      assert.equal(a.level, parent.level + 1, a.code)
      assert.equal(agency.get(a.hub_code)!.hub_code, a.hub_code, `${a.code} folds into a hub`)
      if (a.county) assert.equal(COUNTY_BY_KEY.get(a.county)!.region, a.region, a.code)
    }
    const topLocal = base.agencies.filter((a) => a.level === 2 && a.kind !== 'central')
    assert.lengthOf(topLocal.filter((a) => a.kind === 'municipality'), 6)
    assert.lengthOf(topLocal.filter((a) => a.kind === 'county'), 16)
    assert.equal(agency.get('MOTC')!.name, '交通部')
    assert.equal(agency.get('MOTC-THB-ERMO')!.region, 'east')
    assert.equal(agency.get('TTT')!.region, 'east')
    assert.equal(agency.get('KHH-DO-ZUOYING')!.region, 'south')
  })

  test('devices: loopback management addresses, sealed-ready credentials, one port per line', ({ assert }) => {
    const hostnames = new Set(base.devices.map((d) => d.hostname))
    assert.equal(hostnames.size, base.devices.length)
    for (const d of base.devices) {
      assert.match(d.management_address, /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/)
      if (d.snmp_version === '3') {
        assert.deepInclude(d.credentials, { version: '3', level: 'authPriv', authProtocol: 'sha', privProtocol: 'aes' })
      } else assert.equal(d.credentials.version, '2c')
    }
    assert.isTrue(base.devices.some((d) => d.snmp_version === '3'))
    assert.isAbove(base.devices.filter((d) => d.snmp_version === '2c').length, base.devices.length / 2)
    const ports = new Set<string>()
    for (const l of base.links) {
      if (l.kind === 'uplink') assert.isTrue(l.device_hostname !== null && hostnames.has(l.device_hostname), l.circuit_id)
      if (l.device_hostname === null) continue
      const port = `${l.device_hostname}#${l.if_index}`
      assert.isFalse(ports.has(port), port)
      ports.add(port)
    }
    // A line in service lands on a PoP of its agency's region.
    const agency = new Map(base.agencies.map((a) => [a.code, a]))
    const popRegion = new Map<string, string>(Object.values(POPS).map((p) => [p.name, p.region]))
    for (const l of base.links.filter((x) => x.kind === 'legacy')) {
      assert.equal(popRegion.get(l.z_end), agency.get(l.agency_code)!.region, l.circuit_id)
    }
  })

  test('incidents refer to rows that exist and carry the clocks their status needs', ({ assert }) => {
    const circuits = new Set(base.links.map((l) => l.circuit_id))
    const hosts = new Set(base.devices.map((d) => d.hostname))
    assert.isAtLeast(base.incidents.length, 8)
    assert.includeMembers([...new Set(base.incidents.map((i) => i.type))], ['service', 'security'])
    for (const inc of base.incidents) {
      assert.isBelow(Date.parse(inc.opened_at), NOW.getTime())
      if (['assigned', 'in_progress', 'on_hold'].includes(inc.status)) assert.isNotNull(inc.assignee_email, inc.title)
      if (['resolved', 'closed'].includes(inc.status)) {
        assert.isNotNull(inc.resolution, inc.title)
        assert.isNotNull(inc.resolved_at, inc.title)
      }
      if (inc.status !== 'new') assert.isNotNull(inc.acknowledged_at, inc.title)
      for (const item of inc.items) {
        if (item.item_type === 'link') assert.isTrue(circuits.has(item.circuit_id))
        if (item.item_type === 'device') assert.isTrue(hosts.has(item.hostname))
      }
    }
  })

  test('refuses a malformed or pre-programme date', ({ assert }) => {
    assert.throws(() => generateDemoData({ asOf: '15/11/2026' }), /YYYY-MM-DD/)
    assert.throws(() => generateDemoData({ asOf: '2020-01-01' }), /after the programme start/)
  })
})
