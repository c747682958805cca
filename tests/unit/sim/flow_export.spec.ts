import { test } from '@japa/runner'
import { FlowDecoder } from '#collectors/flow/decoder'
import type { FlowRecord } from '#collectors/flow/flow_record'
import { FlowExportEncoder, type ExportFlow, type ExportVersion } from '#app/demo/sim/flow_encoder'
import { planFlows, replicationHour, type Talkers } from '#app/demo/sim/flow_plan'
import { addressIn, demoAgencyPrefixes, demoPrefixRows, DEMO_INTERNET_PREFIXES } from '#app/demo/address_plan'
import { createRandom } from '#app/demo/prng'

/**
 * The demo's flow exporter: what it encodes, our decoder reads back field for field (both
 * versions, both address families, many datagrams, refreshed templates); its sequence numbers
 * let the decoder count what was lost; and the flows of an interval carry exactly the bytes
 * the counters grew by, between talkers of the address plan.
 */

const BOOT_MS = Date.UTC(2026, 9, 1, 3, 4, 5)
const NOW_MS = Date.UTC(2026, 11, 6, 2, 0, 0)

function randomFlows(n: number, seed: string): ExportFlow[] {
  const random = createRandom(seed)
  return Array.from({ length: n }, (_, i) => {
    const v6 = i % 4 === 3
    const firstMs = NOW_MS - 10_000 + random.int(0, 5000)
    return {
      srcAddr: v6 ? addressIn('2001:db8:1001::/48', random.int(1, 1e6)) : addressIn('10.16.0.0/12', random.int(1, 1e6)),
      dstAddr: v6 ? addressIn('2001:db8:ffff::/48', random.int(1, 1e6)) : addressIn('203.0.113.0/24', random.int(1, 250)),
      srcPort: random.int(0, 65535),
      dstPort: random.int(0, 65535),
      protocol: random.pick([6, 17, 1]),
      // Above 2^32, so the 8-byte counters are exercised.
      packets: random.int(1, 2 ** 33),
      bytes: random.int(1, 2 ** 40),
      firstMs,
      lastMs: firstMs + random.int(0, 4999),
      tcpFlags: random.int(0, 63),
      inputIf: random.int(1, 2 ** 31),
      outputIf: random.int(1, 2 ** 31),
    }
  })
}

const asExport = (f: FlowRecord): ExportFlow => ({
  srcAddr: f.srcAddr,
  dstAddr: f.dstAddr,
  srcPort: f.srcPort,
  dstPort: f.dstPort,
  protocol: f.protocol,
  packets: f.packets,
  bytes: f.bytes,
  firstMs: f.first.getTime(),
  lastMs: f.last.getTime(),
  tcpFlags: f.tcpFlags,
  inputIf: f.inputIf,
  outputIf: f.outputIf,
})
const byKey = (a: ExportFlow, b: ExportFlow) => JSON.stringify(a).localeCompare(JSON.stringify(b))

test.group('demo flow exporter: encode → decode', () => {
  for (const version of [9, 10] as ExportVersion[]) {
    test(`version ${version}: every field of every flow comes back, in datagrams below the MTU`, ({ assert }) => {
      const encoder = new FlowExportEncoder({ version, observationDomain: 7, bootMs: BOOT_MS })
      const decoder = new FlowDecoder()
      const flows = randomFlows(500, `rt${version}`)
      const datagrams = encoder.encode(flows, NOW_MS)
      assert.isAbove(datagrams.length, 10)
      for (const d of datagrams) assert.isAtMost(d.length, 1400)
      const decoded = datagrams.flatMap((d) => decoder.decode(d, '127.10.1.1', 40000))
      assert.deepEqual(decoded.map(asExport).sort(byKey), [...flows].sort(byKey))
      assert.isTrue(decoded.every((f) => f.version === version && f.observationDomain === 7 && f.exporter === '127.10.1.1' && f.samplingRate === 1))
      const c = decoder.counters('127.10.1.1')
      assert.deepInclude(c, { datagrams: datagrams.length, flows: 500, malformed: 0, unknownTemplate: 0, lostRecords: 0, lostDatagrams: 0, sequenceResets: 0, templateChanges: 0 })
    })

    test(`version ${version}: templates refreshed, so a collector that starts late reads on; losses and restarts counted`, ({ assert }) => {
      const encoder = new FlowExportEncoder({ version, bootMs: BOOT_MS, templateEveryDatagrams: 5, templateEverySeconds: 600 })
      const sent = Array.from({ length: 12 }, (_, i) => encoder.encode(randomFlows(20, `b${i}`), NOW_MS + i * 10_000))
      const late = new FlowDecoder()
      // Starts hearing at the 3rd batch: data before the next template is unknown, then it reads.
      const heard = sent.slice(2).flat()
      const flows = heard.flatMap((d) => late.decode(d, '127.10.1.2'))
      const c = late.counters('127.10.1.2')
      // One datagram a batch, templates in batches 0, 5 and 10: batches 2–4 cannot be read
      // (two data sets each, IPv4 and IPv6).
      assert.equal(c.unknownTemplate, 6)
      assert.equal(flows.length, 7 * 20)
      // Batch 8 goes missing on the way.
      const lossy = new FlowDecoder()
      for (const [i, batch] of sent.entries()) if (i !== 8) for (const d of batch) lossy.decode(d, '127.10.1.3')
      const lc = lossy.counters('127.10.1.3')
      if (version === 9) assert.equal(lc.lostDatagrams, sent[8].length)
      else assert.equal(lc.lostRecords, 20)
      assert.equal(lc.flows, 11 * 20)
      // The device restarts: numbering starts again, templates go out first.
      encoder.restart(NOW_MS + 200_000)
      const after = encoder.encode(randomFlows(3, 'after'), NOW_MS + 210_000)
      for (const d of after) lossy.decode(d, '127.10.1.3')
      assert.equal(lossy.counters('127.10.1.3').sequenceResets, 1)
      assert.equal(lossy.counters('127.10.1.3').flows, 11 * 20 + 3)
    })
  }

  test('an interval without flows sends only its due templates, or nothing', ({ assert }) => {
    const encoder = new FlowExportEncoder({ version: 10 })
    assert.lengthOf(encoder.encode([], NOW_MS), 1)
    assert.lengthOf(encoder.encode([], NOW_MS + 1000), 0)
  })
})

test.group('demo flow plan', () => {
  const talkers: Talkers = {
    local: [...demoAgencyPrefixes('MOI'), ...demoAgencyPrefixes('MOI-NPA')].map((p) => p.prefix),
    remote: [...demoAgencyPrefixes('MOF'), ...demoAgencyPrefixes('MOE')].map((p) => p.prefix),
    internet: DEMO_INTERNET_PREFIXES,
    backup: ['10.250.0.0/20'],
  }
  const traffic = { device: 'gsn-moi-r1a', uplinkIfIndex: 1, lanIfIndex: 2, from: 1_780_000_000, to: 1_780_000_010, inBytes: 2_345_678_901, outBytes: 4_567_890_123, replicates: false }

  test('the flows of an interval carry exactly the bytes the counters grew by, each way', ({ assert }) => {
    const flows = planFlows(traffic, talkers)
    const out = flows.filter((f) => f.outputIf === 1)
    const back = flows.filter((f) => f.inputIf === 1)
    assert.equal(out.length + back.length, flows.length)
    assert.equal(out.reduce((s, f) => s + f.bytes, 0), traffic.outBytes)
    assert.equal(back.reduce((s, f) => s + f.bytes, 0), traffic.inBytes)
    assert.isAtMost(flows.length, 2 * 70)
    assert.deepEqual(planFlows(traffic, talkers), flows, 'the same interval gives the same flows')
    assert.notDeepEqual(planFlows({ ...traffic, from: traffic.from + 10, to: traffic.to + 10 }, talkers), flows)
  })

  test('talkers: agency side from the local prefixes, real service ports, times inside the interval', ({ assert }) => {
    const flows = planFlows(traffic, talkers)
    const localV4 = (a: string) => /^10\.16\.(4|8)\./.test(a) || a.startsWith('10.16.')
    for (const f of flows) {
      const local = f.outputIf === 1 ? f.srcAddr : f.dstAddr
      assert.isTrue(localV4(local) || /^2001:db8:100[0-9a-f]:/.test(local), `local ${local}`)
      assert.isAtLeast(f.firstMs, traffic.from * 1000)
      assert.isBelow(f.lastMs, traffic.to * 1000)
      assert.isAtMost(f.firstMs, f.lastMs)
      assert.isAtLeast(f.packets, 1)
    }
    const ports = new Set(flows.flatMap((f) => [f.srcPort, f.dstPort]))
    for (const p of [443, 53, 25]) assert.isTrue(ports.has(p), `port ${p}`)
    assert.isTrue(flows.some((f) => f.srcAddr.includes(':')), 'some IPv6')
    // The web carries most of the bytes.
    const web = flows.filter((f) => f.srcPort === 443 || f.dstPort === 443).reduce((s, f) => s + f.bytes, 0)
    assert.isAbove(web / (traffic.inBytes + traffic.outBytes), 0.5)
  })

  test('a replicating uplink at night: most bytes go out to the backup data centre on rsync', ({ assert }) => {
    // 02:00 Taipei is 18:00 UTC.
    const night = Date.UTC(2026, 11, 6, 18, 0, 0) / 1000
    assert.isTrue(replicationHour(night))
    assert.isFalse(replicationHour(night + 6 * 3600))
    const flows = planFlows({ ...traffic, from: night, to: night + 10, replicates: true }, talkers)
    const copy = flows.filter((f) => f.dstPort === 873 && f.dstAddr.startsWith('10.250.'))
    assert.isAbove(copy.reduce((s, f) => s + f.bytes, 0) / traffic.outBytes, 0.7)
    assert.equal(flows.filter((f) => f.outputIf === 1).reduce((s, f) => s + f.bytes, 0), traffic.outBytes)
  })

  test('nothing carried, nothing exported', ({ assert }) => {
    assert.deepEqual(planFlows({ ...traffic, inBytes: 0, outBytes: 0 }, talkers), [])
    const tiny = planFlows({ ...traffic, inBytes: 3, outBytes: 0 }, talkers)
    assert.equal(tiny.reduce((s, f) => s + f.bytes, 0), 3)
  })
})

test.group('demo address plan', () => {
  test('every demo agency holds its own IPv4 and IPv6 prefixes, none shared', ({ assert }) => {
    const rows = demoPrefixRows()
    assert.isAbove(rows.length, 1400)
    assert.equal(new Set(rows.map((r) => r.prefix)).size, rows.length)
    for (const r of rows) assert.match(r.prefix, /^(10\.\d+\.\d+\.0\/(22|20)|2001:db8:[0-9a-f]+::\/48)$/)
    assert.includeMembers(demoAgencyPrefixes('MODA').map((p) => p.prefix), ['10.250.0.0/20', '10.250.16.0/20'])
    // An agency the data set does not hold gets a slot of its own range, the same every time.
    const made = demoAgencyPrefixes('TEST-XYZ')
    assert.match(made[0].prefix, /^10\.(1[2-9]\d)\./)
    assert.deepEqual(demoAgencyPrefixes('TEST-XYZ'), made)
  })

  test('addresses inside a prefix', ({ assert }) => {
    assert.equal(addressIn('10.16.4.0/22', 10), '10.16.4.10')
    assert.equal(addressIn('10.16.4.0/22', 1023), '10.16.7.255')
    assert.equal(addressIn('10.16.4.0/22', 1024), '10.16.4.0')
    assert.equal(addressIn('2001:db8:1001::/48', 10), '2001:db8:1001::a')
    assert.equal(addressIn('2001:db8:1001::/48', 65536 + 1), '2001:db8:1001::1:1')
  })
})
