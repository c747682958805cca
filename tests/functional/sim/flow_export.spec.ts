import { spawn, type ChildProcess } from 'node:child_process'
import dgram from 'node:dgram'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { sealCredentials, type SnmpCredentials } from '#app/devices/snmp_credentials'
import { makeAgency } from '#tests/support/fixtures'
import { buildDeviceSpecs } from '#app/demo/sim/inventory'
import { loadInventory } from '#app/demo/sim/load_inventory'
import { SimNetwork } from '#app/demo/sim/model'
import { RunningNetwork } from '#app/demo/sim/network'
import { FlowExporters } from '#app/demo/sim/flow_exporters'
import { talkersFor } from '#app/demo/sim/flow_talkers'
import { demoAgencyPrefixes } from '#app/demo/address_plan'
import { weekPosition } from '#app/demo/sim/traffic'
import { SnmpSession } from '#collectors/snmp/session'
import { pollDevice } from '#collectors/snmp/interfaces'
import { freeUdpPort } from '#tests/functional/sim/udp'
import { Nfcapd, flowKey, type PlainFlow } from '#tests/support/flow_peers'
import { until } from '#tests/support/wait'

/**
 * The demo's uplink routers exporting flows to the real `flows:collect --json` over UDP: a
 * Cisco sends NetFlow v9, a Juniper IPFIX, each from its own 127/8 address; what the collector
 * prints adds up, per router and direction, to what the same routers' SNMP agents say their
 * uplink's octet counters grew by, polled over SNMP at the interval's two ends. One router falls
 * silent for one export interval: its records are missing by exactly that interval's bytes, and
 * the collector counts them as lost. nfcapd reads the same datagrams flow for flow.
 */

const NET = `127.${200 + (process.pid % 50)}`
const V2C: SnmpCredentials = { version: '2c', community: 'flow-test-ro' }
const INTERVAL = 10

test.group('demo flow exporters → flows:collect', (group) => {
  let running: RunningNetwork
  let exporters: FlowExporters
  let collector: ChildProcess
  let out = ''
  let err = ''
  let collectorPort: number
  let agentPort: number
  let t0: number
  // The network's and the exporters' clock: the test moves it to the instants it polls and exports.
  const clock = { at: 0 }
  const hosts = { cisco: `flow-r1a-${process.pid}`, juniper: `flow-r2a-${process.pid}` }
  const address = { cisco: `${NET}.7.1`, juniper: `${NET}.7.2` }

  group.setup(async () => {
    const ministry = await makeAgency({ level: 2 })
    const office = await makeAgency({ parentId: ministry.id })
    await db.from('agencies').whereIn('id', [ministry.id, office.id]).update({ hub_agency_id: ministry.id })
    const device = (hostname: string, vendor: string, managementAddress: string) => ({
      hostname,
      kind: 'router',
      management_address: managementAddress,
      region: 'north',
      agency_id: ministry.id,
      vendor,
      model: vendor === 'Cisco' ? 'ASR 1002-HX' : 'MX204',
      snmp_version: '2c',
      snmp_port: 161,
      snmp_credentials: sealCredentials(V2C),
    })
    const rows = await db
      .table('devices')
      .insert([device(hosts.cisco, 'Cisco', address.cisco), device(hosts.juniper, 'Juniper', address.juniper)])
      .returning(['id', 'hostname'])
    await db.table('links').insert(
      rows.map((r: { id: number; hostname: string }, i: number) => ({
        circuit_id: `FLOW-U-${i}-${process.pid}`,
        name: 'uplink',
        kind: 'uplink',
        agency_id: ministry.id,
        a_end: 'A',
        z_end: 'Z',
        bandwidth_kbps: 2_000_000,
        device_id: r.id,
        if_index: 1,
        status: 'active',
      }))
    )

    agentPort = await freeUdpPort(address.cisco)
    collectorPort = await freeUdpPort('127.0.0.1')
    const inventory = await loadInventory({ hostnames: Object.values(hosts) })
    const { specs, problems } = buildDeviceSpecs(inventory.devices, inventory.links, { port: agentPort })
    if (problems.length) throw new Error(problems.join('\n'))

    // Six whole intervals ending a little before now; the Juniper is silent through the third.
    const now = Math.floor(Date.now() / 1000)
    t0 = now - (now % INTERVAL) - 6 * INTERVAL - INTERVAL
    const silentFrom = weekPosition(t0 + 2 * INTERVAL).second
    const network = new SimNetwork(specs, {
      seed: 'flow-test',
      events: [{ kind: 'device_silent', device: hosts.juniper, start: silentFrom, end: silentFrom + INTERVAL }],
    })
    clock.at = t0 * 1000
    running = await RunningNetwork.start(network, { port: agentPort, clock: () => clock.at })
    exporters = await new FlowExporters(network, {
      sink: { host: '127.0.0.1', port: collectorPort },
      intervalSeconds: INTERVAL,
      talkers: talkersFor(inventory.devices, inventory.agencies),
      clock: () => clock.at,
    }).start({ tick: false })

    collector = spawn('node', ['ace', 'flows:collect', '--port', String(collectorPort), '--host', '127.0.0.1', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] })
    collector.stdout!.on('data', (d) => (out += d))
    collector.stderr!.on('data', (d) => (err += d))
    await until('the collector to listen', () => err.includes('listening'), { timeoutMs: 60_000 })
    return async () => {
      collector.kill('SIGKILL')
      await exporters?.stop()
      await running?.stop()
    }
  })

  test('per router and direction, the flows carry what the SNMP counters counted', async ({ assert }) => {
    const poll = async (host: string) => {
      const session = new SnmpSession({ host, port: agentPort, credentials: V2C, timeoutMs: 1000, retries: 1 })
      try {
        const result = await pollDevice(session, host, { ifIndexes: [1] })
        if (!result.ok) throw new Error(result.error.message)
        return result.snapshot.interfaces.get(1)!
      } finally {
        session.close()
      }
    }
    const readAt = async (t: number) => {
      clock.at = t * 1000
      return { cisco: await poll(address.cisco), juniper: await poll(address.juniper) }
    }
    const t1 = t0 + 6 * INTERVAL
    const before = await readAt(t0)
    // Each interval exported at its end, as the ticker does.
    const nfcapd = new Nfcapd(await freeUdpPort('127.0.0.1'))
    await nfcapd.start()
    const copy = dgram.createSocket('udp4')
    const sentToNfcapd: Promise<unknown>[] = []
    const lost = { bytes: 0, records: 0 }
    for (let from = t0; from < t1; from += INTERVAL) {
      clock.at = (from + INTERVAL) * 1000
      for (const hostname of Object.values(hosts)) {
        const datagrams = exporters.exportInterval(hostname, from, from + INTERVAL)
        if (hostname === hosts.juniper && from === t0 + 2 * INTERVAL) {
          const flows = exporters.flowsOf(hostname, from, from + INTERVAL)
          lost.bytes = flows.reduce((s, f) => s + f.bytes, 0)
          lost.records = flows.length
          continue
        }
        for (const d of datagrams) sentToNfcapd.push(new Promise((resolve) => copy.send(d, nfcapd.port, '127.0.0.1', resolve)))
      }
    }
    await Promise.all(sentToNfcapd)
    copy.close()
    const after = await readAt(t1)
    assert.isAbove(lost.records, 0)

    // Everything sent has been printed once the collector's line count stops growing.
    let seen = -1
    await until('the collector to print every flow', async () => {
      const now = out.split('\n').length
      const settled = now === seen && now > 1
      seen = now
      await new Promise((r) => setTimeout(r, 300))
      return settled
    }, { timeoutMs: 30_000 })
    collector.kill('SIGINT')
    await new Promise((resolve) => collector.on('close', resolve))
    const lines = out.trim().split('\n').map((l) => JSON.parse(l))

    const sum = (exporter: string, pick: (l: any) => boolean) => lines.filter((l) => l.exporter === exporter && pick(l)).reduce((s, l) => s + l.bytes, 0)
    for (const name of ['cisco', 'juniper'] as const) {
      const outBytes = sum(address[name], (l) => l.output_if === 1)
      const inBytes = sum(address[name], (l) => l.input_if === 1)
      const snmpOut = Number(after[name].outOctets! - before[name].outOctets!)
      const snmpIn = Number(after[name].inOctets! - before[name].inOctets!)
      assert.isAbove(snmpOut, 1e8, `${name} carried traffic`)
      if (name === 'cisco') {
        assert.equal(outBytes, snmpOut, 'cisco out')
        assert.equal(inBytes, snmpIn, 'cisco in')
      } else {
        assert.equal(outBytes + inBytes + lost.bytes, snmpOut + snmpIn, 'juniper: received + lost = counted')
      }
    }
    assert.deepEqual([...new Set(lines.map((l) => `${l.exporter} v${l.version}`))].sort(), [`${address.cisco} v9`, `${address.juniper} v10`].sort())
    // Local talkers are the ministry's and its office's addresses; times inside the intervals.
    const ministryCode = (await db.from('devices').join('agencies', 'agencies.id', 'devices.agency_id').where('hostname', hosts.cisco).select('agencies.code').first()).code
    const ministryV4 = demoAgencyPrefixes(ministryCode)[0].prefix.split('.').slice(0, 2).join('.')
    assert.isTrue(lines.some((l) => l.src_addr.startsWith(ministryV4 + '.') || l.dst_addr.startsWith(ministryV4 + '.')))
    for (const l of lines) {
      assert.isAtLeast(Date.parse(l.first), t0 * 1000)
      assert.isBelow(Date.parse(l.last), t1 * 1000)
    }
    // The collector's counters: the silent interval is lost records (IPFIX counts records).
    const counters = (exporter: string) => JSON.parse(err.split('\n').find((l) => l.startsWith(exporter + ' {'))!.slice(exporter.length + 1))
    assert.deepInclude(counters(address.juniper), { lostRecords: lost.records, malformed: 0, unknownTemplate: 0 })
    assert.deepInclude(counters(address.cisco), { lostDatagrams: 0, malformed: 0, unknownTemplate: 0 })

    // nfdump reads what we sent as our collector does, flow for flow. One difference is
    // nfdump's: it shows ICMPv6's type (field 139) as 0, so that port is compared only above.
    const icmp6 = (f: PlainFlow) => (f.protocol === 58 ? { ...f, dstPort: 0 } : f)
    const ours = lines.map((l) => flowKey(icmp6({ src: l.src_addr, dst: l.dst_addr, srcPort: l.src_port, dstPort: l.dst_port, protocol: l.protocol, packets: l.packets, bytes: l.bytes }))).sort()
    assert.deepEqual((await nfcapd.stopAndRead()).map((f) => flowKey(icmp6(f))).sort(), ours)
    assert.isTrue(lines.some((l) => l.protocol === 1 && (l.dst_port === 2048 || l.dst_port === 0)))
  }).timeout(180_000)
})
