import { test } from '@japa/runner'
import { DetectionEngine } from '#app/detections/engine'
import { flow } from './flows.js'

const ATTACKER = '203.0.113.9'
const TARGET = '10.1.0.5'

/** One probe per port, `gap` seconds apart, from the attacker's one source port. */
const probes = (ports: number[], gap = 0.1, extra: Parameters<typeof flow>[0] = {}) =>
  ports.map((dstPort, i) => flow({ srcAddr: ATTACKER, dstAddr: TARGET, srcPort: 51_000, dstPort, at: i * gap, ...extra }))
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

test.group('Detections: port scan', () => {
  test('one source probing 100 ports of one host is one port scan, with counts, times and evidence', ({ assert }) => {
    const engine = new DetectionEngine()
    const events = engine.observeAll(probes(range(1, 150)))
    assert.lengthOf(events, 1)
    const [scan] = events
    assert.equal(scan.kind, 'port_scan')
    assert.equal(scan.source, ATTACKER)
    assert.equal(scan.target, TARGET)
    assert.equal(scan.counts.observed, 100)
    assert.equal(scan.counts.threshold, 100)
    assert.equal(scan.counts.flows, 100)
    assert.equal(scan.firstSeen.getTime(), probes([1])[0].first.getTime())
    assert.equal(scan.lastSeen.getTime() - scan.firstSeen.getTime(), 9_900)
    assert.lengthOf(scan.evidence, 5)
    assert.equal(scan.detail.protocols, 'tcp')
    assert.equal(scan.summary.in('en'), `port scan from ${ATTACKER} against ${TARGET}: 100 ports (threshold 100)`)
    assert.include(scan.summary.in('zh-TW'), '連接埠掃描')
  })

  test('99 ports is a near miss: nothing', ({ assert }) => {
    assert.lengthOf(new DetectionEngine().observeAll(probes(range(1, 99))), 0)
  })

  test('the same 100 ports spread over more than the window are no scan', ({ assert }) => {
    // 100 probes 0.7 s apart span 69 s: never 100 within 60 s.
    assert.lengthOf(new DetectionEngine().observeAll(probes(range(1, 100), 0.7)), 0)
    assert.lengthOf(new DetectionEngine().observeAll(probes(range(1, 100), 0.59)), 1)
  })

  test('a server answering one client on 150 ephemeral ports, and big flows, are not probes', ({ assert }) => {
    const replies = range(40_000, 150).map((dstPort, i) => flow({ srcAddr: TARGET, dstAddr: ATTACKER, srcPort: 443, dstPort, at: i * 0.1 }))
    const big = probes(range(1, 150), 0.1, { packets: 12 })
    assert.lengthOf(new DetectionEngine().observeAll([...replies, ...big]), 0)
  })

  test('a scan that goes on is announced once per dedup period, then again', ({ assert }) => {
    const engine = new DetectionEngine({ rules: { dedupSeconds: 120 } })
    // 1,000 probes 0.25 s apart: 250 s of scanning.
    const events = engine.observeAll(probes(range(1, 1000), 0.25))
    assert.lengthOf(events, 2)
    assert.isAtLeast(events[1].lastSeen.getTime() - events[0].lastSeen.getTime(), 120_000)
    assert.isAbove(engine.stats().port_scan.suppressed, 0)
  })

  test('UDP and TCP ports of one host add up; ICMP has no ports', ({ assert }) => {
    const mixed = [...probes(range(1, 50)), ...probes(range(1, 50), 0.1, { protocol: 17 })]
    const [scan] = new DetectionEngine().observeAll(mixed)
    assert.equal(scan.detail.protocols, 'tcp,udp')
    const icmp = range(0, 200).map((i) => flow({ srcAddr: ATTACKER, dstAddr: TARGET, protocol: 1, dstPort: i, at: i * 0.1 }))
    assert.lengthOf(new DetectionEngine().observeAll(icmp), 0)
  })
})

test.group('Detections: host sweep', () => {
  const sweep = (hosts: number, port = 445, gap = 0.2, extra: Parameters<typeof flow>[0] = {}) =>
    range(1, hosts).map((h, i) => flow({ srcAddr: ATTACKER, dstAddr: `10.2.${h >> 8}.${h & 255}`, dstPort: port, at: i * gap, ...extra }))

  test('one source probing port 445 on 50 hosts is a host sweep; 49 is nothing', ({ assert }) => {
    const [event, ...more] = new DetectionEngine().observeAll(sweep(80))
    assert.lengthOf(more, 0)
    assert.deepInclude(event, { kind: 'host_sweep', source: ATTACKER, target: '*:445/tcp', port: 445, protocol: 6 })
    assert.equal(event.counts.observed, 50)
    assert.lengthOf(new DetectionEngine().observeAll(sweep(49)), 0)
  })

  test('an echo sweep is one too; resolvers talking to many hosts on 53 are not', ({ assert }) => {
    const echo = sweep(60, 8 * 256, 0.2, { protocol: 1 })
    const [event] = new DetectionEngine().observeAll(echo)
    assert.equal(event.target, '*:icmp-echo')
    const resolver = sweep(500, 53, 0.05, { protocol: 17 })
    assert.lengthOf(new DetectionEngine().observeAll(resolver), 0)
  })

  test('an admin tunes the threshold, and a source on the ignore list is not reported', ({ assert }) => {
    assert.lengthOf(new DetectionEngine({ rules: { hostSweep: { distinctHosts: 10 } } }).observeAll(sweep(10)), 1)
    assert.lengthOf(new DetectionEngine({ rules: { ignoreSources: ['203.0.113.0/24'] } }).observeAll(sweep(80)), 0)
  })
})

test.group('Detections: brute force', () => {
  /** `count` SSH-like sessions of 12 packets and 3 s each, a new source port each. */
  const sessions = (count: number, port = 22, gap = 5, extra: Parameters<typeof flow>[0] = {}) =>
    range(0, count).map((i) => flow({ srcAddr: ATTACKER, dstAddr: TARGET, srcPort: 50_000 + i, dstPort: port, packets: 12, bytes: 2_000, tcpFlags: 0x1b, at: i * gap, seconds: 3, ...extra }))

  test('20 short sessions to 22, 3389 or 445 within 5 minutes are brute force; 19 are not', ({ assert }) => {
    for (const port of [22, 3389, 445]) {
      const events = new DetectionEngine().observeAll(sessions(30, port))
      assert.lengthOf(events, 1, String(port))
      assert.deepInclude(events[0], { kind: 'brute_force', source: ATTACKER, target: TARGET, port })
      assert.equal(events[0].counts.observed, 20)
      assert.lengthOf(new DetectionEngine().observeAll(sessions(19, port)), 0, String(port))
    }
  })

  test('long sessions, slow attempts and other ports are not brute force', ({ assert }) => {
    assert.lengthOf(new DetectionEngine().observeAll(sessions(40, 22, 5, { packets: 400 })), 0)
    assert.lengthOf(new DetectionEngine().observeAll(sessions(40, 22, 5, { seconds: 60 })), 0)
    // Attempts every 16 s are too slow for brute force (and regular enough to be beaconing).
    assert.deepEqual(new DetectionEngine().observeAll(sessions(40, 22, 16)).map((e) => e.kind), ['beaconing'])
    assert.lengthOf(new DetectionEngine().observeAll(sessions(40, 8080)), 0)
    assert.lengthOf(new DetectionEngine({ rules: { bruteForce: { ports: [8080] } } }).observeAll(sessions(40, 8080)), 1)
  })
})
