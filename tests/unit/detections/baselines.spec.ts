import { test } from '@japa/runner'
import { DetectionEngine } from '#app/detections/engine'
import { Beaconing, rhythm } from '#app/detections/beaconing'
import { flow, T0 as T0_MS } from './flows.js'

const SERVER = '10.1.0.80'
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

test.group('Detections: flood', () => {
  // Floors low enough that the tests' small volumes are above them.
  const rules = { flood: { minBytesPerSecond: 100, minPacketsPerSecond: 1 } }
  /** `minutes` of normal traffic: 100 kB and 100 packets a minute in 10 flows from varied clients. */
  const normal = (minutes: number, from = 0) =>
    range(0, minutes * 10).map((i) => flow({ srcAddr: `198.51.100.${i % 50}`, dstAddr: SERVER, packets: 10, bytes: 10_000, at: from * 60 + i * 6 }))
  const burst = (minute: number, bytes: number, packets = 100) =>
    range(0, 100).map((i) => flow({ srcAddr: `192.0.2.${i}`, dstAddr: SERVER, packets: packets / 100, bytes: bytes / 100, at: minute * 60 + i * 0.5 }))

  test('a destination learns its baseline; a bucket far above it is a flood, reported while it runs', ({ assert }) => {
    const engine = new DetectionEngine({ rules, internalPrefixes: ['10.0.0.0/8'] })
    assert.lengthOf(engine.observeAll(normal(15)), 0)
    const events = engine.observeAll(burst(15, 2_000_000))
    assert.lengthOf(events, 1)
    const [event] = events
    assert.deepInclude(event, { kind: 'flood', target: SERVER })
    assert.equal(event.detail.measure, 'bytes')
    assert.equal(event.detail.baseline_bytes, 100_000)
    assert.isAbove(event.counts.observed, 10)
    // Reported before the burst ended: about 11 × the baseline is reached after 55 flows.
    assert.isBelow(event.lastSeen.getTime(), burst(15, 1)[99].last.getTime())
  })

  test('nine times the baseline is a near miss; a flood of small packets is found by packets', ({ assert }) => {
    const engine = new DetectionEngine({ rules, internalPrefixes: ['10.0.0.0/8'] })
    engine.observeAll(normal(15))
    assert.lengthOf(engine.observeAll(burst(15, 900_000, 100)), 0)
    const syn = new DetectionEngine({ rules, internalPrefixes: ['10.0.0.0/8'] })
    syn.observeAll(normal(15))
    const [event] = syn.observeAll(burst(15, 60_000, 5_000))
    assert.equal(event.detail.measure, 'packets')
  })

  test('no verdict before the warm-up, none outside the agencies, none below the floor', ({ assert }) => {
    const young = new DetectionEngine({ rules, internalPrefixes: ['10.0.0.0/8'] })
    young.observeAll(normal(5))
    assert.lengthOf(young.observeAll(burst(5, 5_000_000)), 0)
    const outside = new DetectionEngine({ rules, internalPrefixes: ['172.16.0.0/12'] })
    outside.observeAll(normal(15))
    assert.lengthOf(outside.observeAll(burst(15, 5_000_000)), 0)
    const floored = new DetectionEngine({ internalPrefixes: ['10.0.0.0/8'] })
    floored.observeAll(normal(15))
    assert.lengthOf(floored.observeAll(burst(15, 5_000_000)), 0)
  })

  test('a flooded bucket does not teach the baseline; quiet minutes lower it', ({ assert }) => {
    const engine = new DetectionEngine({ internalPrefixes: ['10.0.0.0/8'], rules: { ...rules, dedupSeconds: 1 } })
    engine.observeAll(normal(15))
    assert.lengthOf(engine.observeAll(burst(15, 2_000_000)), 1)
    // The next minute floods again: still measured against the old baseline, so reported again.
    const [again] = engine.observeAll(burst(16, 2_000_000))
    assert.equal(again.detail.baseline_bytes, 100_000)
  })
})

test.group('Detections: beaconing', () => {
  const HOST = '10.1.0.20'
  const C2 = '198.51.100.66'
  const calls = (count: number, interval: number, jitter: (i: number) => number = () => 0, extra: Parameters<typeof flow>[0] = {}) =>
    range(0, count).map((i) => flow({ srcAddr: HOST, dstAddr: C2, srcPort: 45_000 + i, dstPort: 443, packets: 6, bytes: 900, at: i * interval + jitter(i), seconds: 1, ...extra }))

  test('gaps and their jitter are measured', ({ assert }) => {
    assert.deepEqual(rhythm([0, 10, 20, 30]), { mean: 10, jitter: 0 })
    assert.closeTo(rhythm([0, 10, 30, 40]).jitter, 0.354, 0.001)
  })

  test('eight small connections a minute apart within a second are beaconing; seven are not', ({ assert }) => {
    const wobble = (i: number) => (i % 2 ? 0.9 : -0.9)
    const events = new DetectionEngine({ internalPrefixes: ['10.0.0.0/8'] }).observeAll(calls(15, 60, wobble))
    assert.lengthOf(events, 1)
    assert.deepInclude(events[0], { kind: 'beaconing', source: HOST, target: C2, port: 443 })
    assert.equal(events[0].counts.observed, 8)
    assert.closeTo(Number(events[0].detail.interval_seconds), 60, 1)
    assert.lengthOf(new DetectionEngine({ internalPrefixes: ['10.0.0.0/8'] }).observeAll(calls(7, 60)), 0)
  })

  test('irregular, large, too frequent, internal or out-of-order duplicate connections are not beaconing', ({ assert }) => {
    const irregular = (i: number) => [0, 20, -15, 25, -20, 10, -25, 30, 5, -10][i % 10]
    const engine = () => new DetectionEngine({ internalPrefixes: ['10.0.0.0/8'] })
    assert.lengthOf(engine().observeAll(calls(20, 60, irregular)), 0)
    assert.lengthOf(engine().observeAll(calls(20, 60, () => 0, { bytes: 50_000 })), 0)
    assert.lengthOf(engine().observeAll(calls(20, 5)), 0)
    assert.lengthOf(engine().observeAll(calls(20, 60, () => 0, { dstAddr: '10.9.9.9' })), 0)
    // Flows reach us in the order they ended: shuffled pairs are still one regular rhythm.
    const shuffled = calls(10, 60)
    ;[shuffled[3], shuffled[4]] = [shuffled[4], shuffled[3]]
    assert.lengthOf(engine().observeAll(shuffled), 1)
  })

  test('a pair opens its channel on its second connection; one-off pairs hold no channel', ({ assert }) => {
    const engine = new DetectionEngine({ internalPrefixes: ['10.0.0.0/8'] })
    const beaconing = engine.detectors.find((d) => d.name === 'beaconing') as Beaconing
    // A thousand pages fetched once each, from one desktop to a thousand servers.
    engine.observeAll(range(0, 1000).map((i) => flow({ srcAddr: HOST, dstAddr: `198.51.${100 + (i >> 8)}.${i & 255}`, srcPort: 50_000 + i, dstPort: 443, bytes: 900, at: i * 0.01 })))
    assert.equal(beaconing.table.size, 0)
    assert.equal(beaconing.firstSeen.size, 1000)
    // The same first connection exported twice is still one connection.
    engine.observe(flow({ srcAddr: HOST, dstAddr: '198.51.100.0', srcPort: 50_000, dstPort: 443, bytes: 900, at: 0 }))
    assert.equal(beaconing.table.size, 0)
    engine.observe(flow({ srcAddr: HOST, dstAddr: '198.51.100.0', srcPort: 51_000, dstPort: 443, bytes: 900, at: 30 }))
    assert.equal(beaconing.table.size, 1)
    assert.equal(beaconing.firstSeen.size, 999)
    assert.deepEqual(beaconing.table.values()[0].starts, [T0_MS, T0_MS + 30_000])
  })

  test('the connection that waited in the first-seen table counts: eight calls, eight flows, the first as evidence', ({ assert }) => {
    const engine = new DetectionEngine({ internalPrefixes: ['10.0.0.0/8'] })
    const all = calls(8, 60)
    const events = engine.observeAll(all)
    assert.lengthOf(events, 1)
    assert.equal(events[0].counts.flows, 8)
    assert.equal(events[0].firstSeen.getTime(), all[0].first.getTime())
    assert.strictEqual(events[0].evidence[0], all[0])
    // The second call arriving before the first (exports in the order flows ended) opens the channel too.
    const swapped = calls(8, 60)
    ;[swapped[0], swapped[1]] = [swapped[1], swapped[0]]
    assert.lengthOf(new DetectionEngine({ internalPrefixes: ['10.0.0.0/8'] }).observeAll(swapped), 1)
  })
})
