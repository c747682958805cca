import { test } from '@japa/runner'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { captureToFlows } from '#collectors/flow/capture_flows'
import { readCapture } from '#collectors/flow/capture_reader'
import { ethernet, ipv4Packet, ipv6Packet, loopback, pcapFile, pcapngFile, type TestPacket } from '#tests/support/flow_captures'

const T0 = 1_780_000_000_000_000
const tcp = (i: number, vlans: number[] = []): TestPacket => ({ timeUs: T0 + i * 1000, frame: ethernet(ipv4Packet('10.0.0.1', '10.0.0.2', { protocol: 6, srcPort: 1000, dstPort: 80, flags: 1 << (i % 5), payload: 10 }), vlans) })

test.group('Captures', (group) => {
  let dir = ''
  group.each.setup(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cap-'))
    return () => rm(dir, { recursive: true, force: true })
  })
  const write = async (name: string, data: Buffer) => {
    await writeFile(join(dir, name), data)
    return join(dir, name)
  }

  test('pcap micro/nanosecond and either byte order, pcapng either byte order with two interfaces and unknown blocks read alike', async ({ assert }) => {
    const packets = [tcp(0), tcp(1, [10]), tcp(2, [10, 20])]
    const files = [
      await write('a.pcap', pcapFile(packets)),
      await write('b.pcap', pcapFile(packets, { nanoseconds: true, bigEndian: true })),
      await write('c.pcapng', pcapngFile(packets, { unknownBlocks: true })),
      await write('d.pcapng', pcapngFile(packets, { bigEndian: true, interfaces: [1, 0] })),
    ]
    for (const file of files) {
      const { flows, summary } = await captureToFlows(file)
      assert.equal(summary.packets_read, 3, file)
      assert.equal(summary.damaged_records, 0, file)
      assert.lengthOf(flows, 1, file)
      // Bytes are the wire length less the link header (VLAN tags included), as softflowd counts.
      assert.deepInclude(flows[0], { srcAddr: '10.0.0.1', dstAddr: '10.0.0.2', srcPort: 1000, dstPort: 80, packets: 3, bytes: 150, tcpFlags: 0b111 })
      assert.equal(flows[0].first.getTime(), T0 / 1000)
      assert.equal(flows[0].last.getTime(), T0 / 1000 + 2)
    }
  })

  test('BSD loopback IPv6 and idle and active timeouts split flows', async ({ assert }) => {
    const v6 = (t: number): TestPacket => ({ timeUs: T0 + t * 1e6, frame: loopback(ipv6Packet('2001:db8::1', '2001:db8::2', { protocol: 17, srcPort: 5, dstPort: 6 })) })
    const file = await write('null.pcap', pcapFile([v6(0), v6(10), v6(400), v6(410), v6(2000)], { linktype: 0 }))
    const idle = await captureToFlows(file)
    assert.deepEqual(idle.flows.map((f) => f.packets), [2, 2, 1])
    assert.equal(idle.flows[0].srcAddr, '2001:db8::1')
    const noIdle = await captureToFlows(file, { idle: false })
    assert.deepEqual(noIdle.flows.map((f) => f.packets), [5])
    const active = await captureToFlows(file, { idle: false, timeouts: { maxLife: 100 } })
    assert.deepEqual(active.flows.map((f) => f.packets), [3, 2])
  })

  test('raw IP and Linux cooked frames; ICMP type and code only with a whole header, as softflowd', async ({ assert }) => {
    const ip = ipv4Packet('10.1.1.1', '10.2.2.2', { protocol: 1, icmpType: 3, icmpCode: 1, payload: 28 })
    const short = ipv4Packet('10.1.1.1', '10.2.2.2', { protocol: 1, icmpType: 8, payload: 0 })
    const sll = Buffer.concat([Buffer.alloc(14), Buffer.from([0x08, 0x00]), ip])
    const raw = await captureToFlows(await write('raw.pcap', pcapFile([{ timeUs: T0, frame: ip }, { timeUs: T0 + 1, frame: short }], { linktype: 101 })))
    assert.deepEqual(raw.flows.map((f) => [f.dstPort, f.packets, f.bytes]), [[3 * 256 + 1, 1, 56], [0, 1, 28]])
    const cooked = await captureToFlows(await write('sll.pcapng', pcapngFile([{ timeUs: T0, frame: sll }], { interfaces: [113] })))
    assert.deepInclude(cooked.flows[0], { srcAddr: '10.1.1.1', dstPort: 3 * 256 + 1, bytes: 56 })
  })

  test('damaged captures: bad records counted, good ones kept, nothing thrown', async ({ assert }) => {
    const good = pcapFile([tcp(0), tcp(1), tcp(2), tcp(3)])
    const broken = Buffer.from(good)
    broken.writeUInt32LE(0x7fffffff, 24 + 16 + tcp(0).frame.length + 8) // second record's caplen
    const r = await readCapture(await write('broken.pcap', broken), () => {})
    assert.equal(r.damaged, 1)
    assert.equal(r.packets, 3)
    const cut = await readCapture(await write('cut.pcap', good.subarray(0, good.length - 5)), () => {})
    assert.deepInclude(cut, { packets: 3, damaged: 1 })
    const ng = pcapngFile([tcp(0), tcp(1), tcp(2)])
    const ngBroken = Buffer.from(ng)
    ngBroken.writeUInt32LE(13, 28 + 20 + 4) // first EPB's length: not a multiple of 4
    const rn = await readCapture(await write('broken.pcapng', ngBroken), () => {})
    assert.deepInclude(rn, { packets: 2, damaged: 1 })
    assert.deepInclude(await readCapture(await write('junk.pcap', Buffer.from('this is not a capture')), () => {}), { format: 'unknown', damaged: 1 })
    // Others' damaged files whose global header is gone (pcapfix's zeroed one, pcap-parser's text):
    // without it the byte order, link type and time resolution are unknown, so no record can be
    // trusted; the file is one damaged record, and nothing reaches the flows.
    for (const file of ['/usr/share/doc/pcapfix/examples/test_without_pcap_header.pcap', 'node_modules/pcap-parser/test/malformed.pcap']) {
      const sent: unknown[] = []
      assert.deepEqual(await readCapture(file, (p) => sent.push(p)), { format: 'unknown', packets: 0, damaged: 1, linktypes: [] }, file)
      assert.lengthOf(sent, 0, file)
      assert.deepInclude((await captureToFlows(file)).summary, { packets_read: 0, damaged_records: 1 }, file)
    }
  })

  test('pcapfix example: seven damaged records and the 28 packets of the good file', async ({ assert }) => {
    const fixed = await captureToFlows('/usr/share/doc/pcapfix/examples/test.pcap')
    const damaged = await captureToFlows('/usr/share/doc/pcapfix/examples/test_damaged.pcap')
    assert.deepInclude(damaged.summary, { packets_read: 28, damaged_records: 7 })
    assert.deepEqual(damaged.summary.by_protocol, fixed.summary.by_protocol)
  })

  test('real captures of others: gopacket pcapng cases in both byte orders read the same; dpkt and pcap-parser files', async ({ assert }) => {
    const dir6 = '/usr/share/gocode/src/github.com/google/gopacket/pcapgo/tests'
    for (const name of ['test001', 'test006', 'test010', 'test102', 'test202']) {
      const le = await readCapture(`${dir6}/le/${name}.pcapng`, () => {})
      const be = await readCapture(`${dir6}/be/${name}.pcapng`, () => {})
      assert.deepEqual(le, be, name)
      assert.equal(le.damaged, 0)
    }
    assert.deepInclude(await readCapture('node_modules/pcap-parser/test/be.pcap', () => {}), { packets: 5, damaged: 0 })
    const truncated = await captureToFlows('/usr/share/doc/python3-dpkt/examples/data/truncated_dns_2.pcap')
    assert.equal(truncated.summary.damaged_records, 1)
    const loop = await captureToFlows('/usr/share/gocode/src/github.com/google/gopacket/pcap/test_loopback.pcap')
    assert.equal(loop.summary.ip_packets, 24)
    assert.isTrue(loop.flows.every((f) => f.srcAddr.includes(':')))
  })
})
