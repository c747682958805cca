import { test } from '@japa/runner'
import { FlowDecoder } from '#collectors/flow/decoder'

/** An IPFIX message from sets (each [setId, body]). */
function ipfix(sequence: number, sets: [number, Buffer][], domain = 1): Buffer {
  const body = Buffer.concat(
    sets.map(([id, b]) => {
      const h = Buffer.alloc(4)
      h.writeUInt16BE(id)
      h.writeUInt16BE(4 + b.length, 2)
      return Buffer.concat([h, b])
    })
  )
  const h = Buffer.alloc(16)
  h.writeUInt16BE(10)
  h.writeUInt16BE(16 + body.length, 2)
  h.writeUInt32BE(1_780_000_000, 4)
  h.writeUInt32BE(sequence, 8)
  h.writeUInt32BE(domain, 12)
  return Buffer.concat([h, body])
}

const u16 = (...v: number[]) => Buffer.concat(v.map((x) => Buffer.from([x >> 8, x & 0xff])))
const u32 = (v: number) => Buffer.from([(v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255])

/** Template 256: src4, dst4, sport, dport, proto(1), packets(8), bytes(8), flowStartMs(8), an enterprise field (4), a variable field. */
const TEMPLATE = Buffer.concat([u16(256, 10), u16(8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 2, 8, 1, 8, 152, 8, 0x8000 | 100, 4), u32(9), u16(82, 65535)])
function record(src: number, packets: number, bytes: number, name = 'eth0') {
  const b = Buffer.alloc(4 + 4 + 2 + 2 + 1 + 8 + 8 + 8 + 4)
  b.writeUInt32BE(0x0a000000 + src, 0)
  b.writeUInt32BE(0xc0000201, 4)
  b.writeUInt16BE(1234, 8)
  b.writeUInt16BE(80, 10)
  b[12] = 6
  b.writeBigUInt64BE(BigInt(packets), 13)
  b.writeBigUInt64BE(BigInt(bytes), 21)
  b.writeBigUInt64BE(1_780_000_000_000n, 29)
  b.writeUInt32BE(0xdeadbeef, 37)
  return Buffer.concat([b, Buffer.from([name.length]), Buffer.from(name)])
}

test.group('Flow decoder: IPFIX templates', () => {
  test('variable-length and enterprise fields are read past; values land where they belong', ({ assert }) => {
    const d = new FlowDecoder()
    const flows = d.decode(ipfix(0, [[2, TEMPLATE], [256, Buffer.concat([record(1, 3, 300), record(2, 5, 500, 'a-much-longer-name')])]]), '192.0.2.1')
    assert.lengthOf(flows, 2)
    assert.deepInclude(flows[0], { srcAddr: '10.0.0.1', dstAddr: '192.0.2.1', srcPort: 1234, dstPort: 80, protocol: 6, packets: 3, bytes: 300, version: 10, observationDomain: 1 })
    assert.equal(flows[0].first.getTime(), 1_780_000_000_000)
    assert.deepInclude(flows[1], { srcAddr: '10.0.0.2', packets: 5, bytes: 500 })
    assert.equal(d.counters('192.0.2.1').malformed, 0)
  })

  test('data before its template is counted, not guessed; withdrawal forgets; a re-used id is counted', ({ assert }) => {
    const d = new FlowDecoder()
    const problems: string[] = []
    const d2 = new FlowDecoder({ onProblem: (e, k) => problems.push(`${e} ${k}`) })
    assert.lengthOf(d2.decode(ipfix(0, [[256, record(1, 1, 1)]]), '192.0.2.9'), 0)
    assert.deepEqual(problems, ['192.0.2.9 unknown_template'])
    assert.lengthOf(d.decode(ipfix(0, [[2, TEMPLATE]]), 'x'), 0)
    d.decode(ipfix(0, [[2, u16(256, 0)]]), 'x')
    assert.lengthOf(d.decode(ipfix(0, [[256, record(1, 1, 1)]]), 'x'), 0)
    assert.equal(d.counters('x').unknownTemplate, 1)
    d.decode(ipfix(0, [[2, TEMPLATE]]), 'x')
    const other = Buffer.concat([u16(256, 2), u16(8, 4, 12, 4)])
    d.decode(ipfix(0, [[2, other]]), 'x')
    assert.equal(d.counters('x').templateChanges, 1)
    const flows = d.decode(ipfix(0, [[256, Buffer.from([10, 0, 0, 7, 10, 0, 0, 8])]]), 'x')
    assert.equal(flows[0].srcAddr, '10.0.0.7')
  })

  test('a record shorter than its template is counted and the records before it kept', ({ assert }) => {
    const d = new FlowDecoder()
    const cut = Buffer.concat([record(1, 1, 10), record(2, 2, 20).subarray(0, 20)])
    const flows = d.decode(ipfix(0, [[2, TEMPLATE], [256, cut]]), 'x')
    assert.lengthOf(flows, 1)
    assert.equal(d.counters('x').malformed, 1)
  })

  test('sampling from options data multiplies packets and bytes; sequence gaps count lost records', ({ assert }) => {
    const d = new FlowDecoder()
    // Options template 300: scope observationDomainId (149, 4), samplingPacketInterval 305, samplingPacketSpace 306.
    const optionsTemplate = Buffer.concat([u16(300, 3, 1), u16(149, 4, 305, 4, 306, 4)])
    const options = Buffer.concat([u32(1), u32(1), u32(99)])
    d.decode(ipfix(0, [[2, TEMPLATE], [3, optionsTemplate], [300, options]]), 'x')
    const flows = d.decode(ipfix(1, [[256, record(1, 3, 300)]]), 'x')
    assert.deepInclude(flows[0], { packets: 300, bytes: 30000, samplingRate: 100 })
    d.decode(ipfix(12, [[256, record(1, 1, 1)]]), 'x')
    assert.equal(d.counters('x').lostRecords, 10)
    // Data records that are not flows (no addresses) still count in the sequence.
    d.decode(ipfix(13, [[2, Buffer.concat([u16(257, 1), u16(4, 1)])], [257, Buffer.from([6, 17, 1])]]), 'x')
    d.decode(ipfix(16, [[256, record(1, 1, 1)]]), 'x')
    assert.equal(d.counters('x').lostRecords, 10)
    d.decode(ipfix(0, [[256, record(1, 1, 1)]]), 'x')
    assert.equal(d.counters('x').sequenceResets, 1)
  })
})

/** A NetFlow v9 datagram from flowsets (each [setId, body]); `source` is its observation domain. */
function v9(sequence: number, sets: [number, Buffer][], source: number): Buffer {
  const body = Buffer.concat(sets.map(([id, b]) => Buffer.concat([u16(id, 4 + b.length), b])))
  return Buffer.concat([u16(9, sets.length), u32(60_000), u32(1_780_000_000), u32(sequence), u32(source), body])
}

test.group('Flow decoder: observation domains of one exporter', () => {
  // Template 256 in domain 2 has another layout than in domain 1: two addresses only.
  const ADDRESSES = Buffer.concat([u16(256, 2), u16(8, 4, 12, 4)])
  const pair = (a: number, b: number) => Buffer.from([10, 0, 0, a, 10, 0, 0, b])

  test('IPFIX: each domain needs its own template, and a gap in one domain is lost records there only', ({ assert }) => {
    const problems: string[] = []
    const d = new FlowDecoder({ onProblem: (_e, kind, detail) => problems.push(`${kind}: ${detail}`) })
    assert.lengthOf(d.decode(ipfix(0, [[2, TEMPLATE], [256, record(1, 1, 10)]], 1), 'x'), 1)
    // Domain 1's template does not serve domain 2.
    assert.lengthOf(d.decode(ipfix(0, [[256, record(1, 1, 10)]], 2), 'x'), 0)
    assert.deepEqual(problems, ['unknown_template: data set for template 256 (domain 2) before its template'])
    // The same id with another layout in domain 2 is not a change of domain 1's template.
    const two = d.decode(ipfix(0, [[2, ADDRESSES], [256, pair(7, 8)]], 2), 'x')
    assert.deepInclude(two[0], { srcAddr: '10.0.0.7', dstAddr: '10.0.0.8', observationDomain: 2 })
    assert.equal(d.counters('x').templateChanges, 0)
    assert.deepInclude(d.decode(ipfix(1, [[256, record(2, 1, 10)]], 1), 'x')[0], { srcAddr: '10.0.0.2', observationDomain: 1 })

    // Interleaved, each domain counts from its own sequence: domain 1 skips three records, domain 2 none.
    d.decode(ipfix(1, [[256, pair(1, 2)]], 2), 'x')
    d.decode(ipfix(5, [[256, record(3, 1, 10)]], 1), 'x')
    d.decode(ipfix(2, [[256, pair(1, 2)]], 2), 'x')
    d.decode(ipfix(6, [[256, record(4, 1, 10)]], 1), 'x')
    d.decode(ipfix(3, [[256, Buffer.concat([pair(1, 2), pair(3, 4)])]], 2), 'x')
    d.decode(ipfix(5, [[256, pair(1, 2)]], 2), 'x')
    assert.deepInclude(d.counters('x'), { lostRecords: 3, sequenceResets: 0, unknownTemplate: 1, malformed: 0 })
    assert.deepEqual(problems.slice(1), ['sequence_gap: expected 2, got 5: 3 records lost'])
  })

  test('NetFlow v9: source ids keep their own templates and datagram sequences', ({ assert }) => {
    const d = new FlowDecoder()
    assert.lengthOf(d.decode(v9(100, [[0, ADDRESSES], [256, pair(1, 2)]], 7), 'y'), 1)
    assert.lengthOf(d.decode(v9(0, [[256, pair(1, 2)]], 8), 'y'), 0)
    assert.equal(d.counters('y').unknownTemplate, 1)
    d.decode(v9(1, [[0, ADDRESSES]], 8), 'y')
    d.decode(v9(101, [[256, pair(3, 4)]], 7), 'y')
    assert.deepInclude(d.decode(v9(2, [[256, pair(5, 6)]], 8), 'y')[0], { srcAddr: '10.0.0.5', observationDomain: 8 })
    d.decode(v9(104, [[256, pair(3, 4)]], 7), 'y')
    d.decode(v9(3, [[256, pair(5, 6)]], 8), 'y')
    assert.deepInclude(d.counters('y'), { lostDatagrams: 2, sequenceResets: 0, templates: 2 })
  })
})

test.group('Flow decoder: garbage never throws', () => {
  test('random and mutated datagrams (fixed count) are counted, never thrown', ({ assert }) => {
    let seed = 12345
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const bugs: string[] = []
    const d = new FlowDecoder({ onProblem: (_e, _k, detail) => detail.startsWith('decoder error') && bugs.push(detail) })
    const good = [ipfix(0, [[2, TEMPLATE], [256, record(1, 3, 300)]]), Buffer.concat([u16(9, 1), Buffer.alloc(16), u16(0, 16, 256, 3, 8, 4, 12, 4, 1, 4)])]
    let decoded = 0
    for (let i = 0; i < 10000; i++) {
      let msg: Buffer
      if (i % 2 === 0) {
        msg = Buffer.from(good[i % 4 === 0 ? 0 : 1])
        for (let k = 0; k < 1 + Math.floor(random() * 6); k++) msg[Math.floor(random() * msg.length)] = Math.floor(random() * 256)
        if (random() < 0.3) msg = msg.subarray(0, Math.floor(random() * msg.length))
      } else {
        msg = Buffer.alloc(Math.floor(random() * 200))
        for (let k = 0; k < msg.length; k++) msg[k] = Math.floor(random() * 256)
        if (msg.length >= 2 && random() < 0.6) msg.writeUInt16BE([5, 9, 10][i % 3])
      }
      assert.doesNotThrow(() => (decoded += d.decode(msg, `192.0.2.${i % 7}`).length))
    }
    assert.isAbove(decoded, 0)
    const total = [...d.exporters.values()].reduce((a, c) => a + c.datagrams, 0)
    assert.equal(total, 10000)
    assert.deepEqual(bugs.slice(0, 3), [], 'every read is bounds-checked, none reached the last-resort catch')
    assert.isAbove([...d.exporters.values()].reduce((a, c) => a + c.malformed + c.unknownTemplate, 0), 1000)
  }).timeout(30000)
})
