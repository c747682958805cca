import { test } from '@japa/runner'
import { DetectionEngine } from '#app/detections/engine'
import { flow } from './flows.js'

const AGENCIES = ['10.0.0.0/8', '2001:db8:10::/48']

test.group('Detections: indicators', () => {
  const indicators = [
    { id: 'ioc-1', value: '198.51.100.0/24' },
    { id: 'ioc-2', value: '192.0.2.44', ports: [4444] },
    { id: 'ioc-3', value: '2001:db8:bad::/48' },
  ]

  test('traffic to or from an indicator is a hit on the host on the other side, once per dedup period', ({ assert }) => {
    const engine = new DetectionEngine({ indicators })
    const out = flow({ srcAddr: '10.1.0.7', dstAddr: '198.51.100.12', dstPort: 443 })
    const back = flow({ srcAddr: '198.51.100.12', dstAddr: '10.1.0.7', srcPort: 443, dstPort: 40_000, at: 1 })
    const events = engine.observeAll([out, back, flow({ srcAddr: '10.1.0.7', dstAddr: '198.51.100.12', at: 700 })])
    assert.lengthOf(events, 2)
    assert.deepInclude(events[0], { kind: 'indicator', source: '198.51.100.0/24', target: '10.1.0.7', port: 443 })
    assert.equal(events[0].detail.direction, 'to_indicator')
    // The second report carries the flows since the first.
    assert.equal(events[1].counts.flows, 2)
  })

  test('an indicator with ports matches only those; IPv6 prefixes match; strangers do not', ({ assert }) => {
    const engine = new DetectionEngine({ indicators })
    assert.lengthOf(engine.observe(flow({ srcAddr: '10.1.0.7', dstAddr: '192.0.2.44', dstPort: 443 })), 0)
    assert.lengthOf(engine.observe(flow({ srcAddr: '10.1.0.7', dstAddr: '192.0.2.44', dstPort: 4444 })), 1)
    const [v6] = engine.observe(flow({ srcAddr: '2001:db8:bad::9', dstAddr: '2001:db8:10::5', srcPort: 5000, dstPort: 22 }))
    assert.deepInclude(v6, { source: '2001:db8:bad::/48', target: '2001:db8:10::5' })
    assert.equal(v6.detail.direction, 'from_indicator')
    assert.lengthOf(engine.observe(flow({ srcAddr: '10.1.0.7', dstAddr: '203.0.113.1' })), 0)
  })

  test('indicators are replaced as they are published; values that are no address are returned', ({ assert }) => {
    const engine = new DetectionEngine()
    assert.lengthOf(engine.observe(flow({ dstAddr: '203.0.113.50' })), 0)
    const rejected = engine.setIndicators([{ id: 'a', value: '203.0.113.50' }, { id: 'b', value: 'evil.example' }])
    assert.deepEqual(rejected.map((r) => r.id), ['b'])
    assert.lengthOf(engine.observe(flow({ dstAddr: '203.0.113.50', at: 1 })), 1)
  })

  test('an ignored source is still matched against indicators', ({ assert }) => {
    const engine = new DetectionEngine({ indicators, rules: { ignoreSources: ['10.1.0.0/16'] } })
    assert.lengthOf(engine.observe(flow({ srcAddr: '10.1.0.7', dstAddr: '198.51.100.12' })), 1)
  })
})

test.group('Detections: new exposure', () => {
  const HOST = '10.1.0.30'
  /** The internal host answering an Internet client from `port` (SYN and ACK seen: a handshake). */
  const served = (port: number, at: number, extra: Parameters<typeof flow>[0] = {}) =>
    flow({ srcAddr: HOST, dstAddr: '203.0.113.77', srcPort: port, dstPort: 51_000, tcpFlags: 0x1a, packets: 8, bytes: 4_000, at, ...extra })
  const DAY = 86_400

  test('what is served during learning is normal; a port served afterwards is reported once', ({ assert }) => {
    const engine = new DetectionEngine({ internalPrefixes: AGENCIES })
    assert.lengthOf(engine.observeAll([served(443, 0), served(443, DAY / 2)]), 0)
    assert.lengthOf(engine.observe(served(443, DAY + 10)), 0)
    const events = engine.observeAll([served(3389, DAY + 20), served(3389, DAY + 30)])
    assert.lengthOf(events, 1)
    assert.deepInclude(events[0], { kind: 'new_exposure', source: HOST, port: 3389 })
    assert.equal(events[0].detail.prefix, '10.0.0.0/8')
    assert.equal(events[0].summary.in('en'), `${HOST} newly serves port 3389 to the Internet (203.0.113.77)`)
  })

  test('closed-port answers, clients, traffic between agencies and UDP replies to high ports are judged apart', ({ assert }) => {
    const engine = new DetectionEngine({ internalPrefixes: AGENCIES, rules: { newExposure: { learningSeconds: 1 } } })
    engine.observe(served(443, 0))
    // A RST answer to a scan: no SYN from the host, no service.
    assert.lengthOf(engine.observe(served(8080, 10, { tcpFlags: 0x14 })), 0)
    // A client: from its ephemeral port to a lower one.
    assert.lengthOf(engine.observe(served(50_000, 20, { dstPort: 443 })), 0)
    assert.lengthOf(engine.observe(served(8080, 30, { dstAddr: '10.2.0.1' })), 0)
    assert.lengthOf(engine.observe(served(5060, 40, { protocol: 17, tcpFlags: 0 })), 1)
  })

  test('without agency prefixes nothing is internal, so nothing is an exposure', ({ assert }) => {
    const engine = new DetectionEngine({ rules: { newExposure: { learningSeconds: 1 } } })
    assert.lengthOf(engine.observeAll([served(443, 0), served(22, 100)]), 0)
  })
})

test.group('Detections: engine', () => {
  test('state is capped: what is pushed out is counted, and expired state is counted apart', ({ assert }) => {
    const engine = new DetectionEngine({ rules: { maxEntries: 100 } })
    for (let i = 0; i < 1_000; i++) engine.observe(flow({ srcAddr: `192.0.${i >> 8}.${i & 255}`, dstPort: 22, at: i * 0.01 }))
    const stats = engine.stats()
    assert.isAtMost(stats.port_scan.entries, 100)
    assert.isAtLeast(stats.port_scan.entries, 50)
    assert.equal(stats.port_scan.entries + stats.port_scan.evicted, 1_000)
    engine.observe(flow({ srcAddr: '192.0.2.1', at: 3_600 }))
    const later = engine.stats()
    assert.equal(later.port_scan.entries, 1)
    assert.equal(later.port_scan.expired, stats.port_scan.entries)
  })

  test('a flow whose times are not times is counted, not thrown on; bad rules and prefixes are refused', ({ assert }) => {
    const engine = new DetectionEngine()
    const broken = { ...flow(), last: new Date(Number.NaN) }
    assert.deepEqual(engine.observe(broken), [])
    assert.equal(engine.unreadable, 1)
    assert.throws(() => new DetectionEngine({ rules: { flood: { alpha: 2 } } }), /flood.alpha/)
    assert.throws(() => new DetectionEngine({ internalPrefixes: ['10.0.0.0/99'] }), /10.0.0.0\/99/)
  })

  test('a disabled rule says nothing', ({ assert }) => {
    const scan = Array.from({ length: 150 }, (_, i) => flow({ dstPort: i + 1, at: i * 0.1 }))
    assert.lengthOf(new DetectionEngine({ rules: { portScan: { enabled: false } } }).observeAll(scan), 0)
    assert.notProperty(new DetectionEngine({ rules: { portScan: { enabled: false } } }).stats(), 'port_scan')
  })
})

test.group('Detections: wording', () => {
  test('every kind reads in English and Traditional Chinese, with its numbers', async ({ assert }) => {
    const { DETECTION_KINDS } = await import('#app/detections/rules')
    const { message } = await import('#app/core/messages')
    for (const kind of DETECTION_KINDS) {
      const m = message('detections.summary', { kind, source: '198.51.100.7', target: '10.1.0.5', observed: 123, threshold: 45, port: 22 })
      assert.notInclude(m.in('en'), `${kind}:`, kind)
      assert.notInclude(m.in('zh-TW'), `${kind}：`, kind)
      // A new exposure has no count: it names the port served.
      const figure = kind === 'new_exposure' ? '22' : '123'
      assert.include(m.in('en'), figure, kind)
      assert.include(m.in('zh-TW'), figure, kind)
      assert.match(m.in('zh-TW'), /[\u4e00-\u9fff]/, kind)
    }
  })
})
