/**
 * The two commands as an operator runs them, and the collector under garbage and under a burst
 * its socket cannot hold (kernel drops counted from /proc/net/udp).
 */
import type { Assert } from '@japa/assert'
import { test } from '@japa/runner'
import { spawn, spawnSync } from 'node:child_process'
import dgram from 'node:dgram'
import { UdpCollector } from '#collectors/flow/udp_collector'
import type { FlowRecord } from '#collectors/flow/flow_record'
import { Nfcapd, flowKey, softflowdExport } from '#tests/support/flow_peers'

const HTTP = '/usr/share/doc/python3-dpkt/examples/data/http.pcap'

test.group('flows:import and flows:collect', () => {
  test('flows:import --json summarises a capture; without --json it stores the same flows through the queue', async ({ assert }) => {
    const r = spawnSync('node', ['ace', 'flows:import', HTTP, '--json'], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!)
    assert.deepInclude(summary, { format: 'pcap', packets_read: 43, damaged_records: 0, flows: 6 })
    assert.deepEqual(summary.by_protocol, { tcp: { flows: 4, packets: 41, bytes: 24240 }, udp: { flows: 2, packets: 2, bytes: 249 } })
    const { startFlowWorker } = await import('#app/flows/flow_worker')
    const { defaultSite } = await import('#app/platform/queues')
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { until } = await import('#tests/support/wait')
    const { worker } = startFlowWorker(defaultSite())
    try {
      const exporter = HTTP.split('/').pop()!
      await db.from('flows').where('exporter', exporter).delete()
      const queued = spawnSync('node', ['ace', 'flows:import', HTTP], { encoding: 'utf8' })
      assert.equal(queued.status, 0, queued.stderr)
      assert.deepInclude(JSON.parse(queued.stdout.trim().split('\n').pop()!), { flows: 6, queued_flows: 6, refused_flows: 0 })
      const rows = await until('the capture\'s flows stored', async () => {
        const r = await db.from('flows').where('exporter', exporter).groupBy('protocol').select('protocol').count('* as flows').sum('packets as packets').sum('bytes as bytes')
        return r.reduce((n, x) => n + Number(x.flows), 0) === 6 ? r : null
      })
      const byProtocol = Object.fromEntries(rows.map((r) => [Number(r.protocol) === 6 ? 'tcp' : 'udp', { flows: Number(r.flows), packets: Number(r.packets), bytes: Number(r.bytes) }]))
      assert.deepEqual(byProtocol, summary.by_protocol)
    } finally {
      await worker.close()
    }
    const damaged = JSON.parse(spawnSync('node', ['ace', 'flows:import', '/usr/share/doc/pcapfix/examples/test_damaged.pcap', '--json'], { encoding: 'utf8' }).stdout)
    assert.deepInclude(damaged, { packets_read: 28, damaged_records: 7 })
  }).timeout(60000)

  test('flows:collect --json prints the flows nfdump sees, one JSON line each, and its counters on SIGINT', async ({ assert, cleanup }) => {
    const { until } = await import('#tests/support/wait')
    const child = spawn('node', ['ace', 'flows:collect', '--port', '3413', '--host', '127.0.0.1', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] })
    // A collector left running by a failed try would hold the port for every later run.
    cleanup(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    // Booting the console's commands takes seconds, and far longer on a loaded machine.
    await until('the collector listening (or stopped)', () => err.includes('listening') || child.exitCode !== null, { timeoutMs: 120_000, everyMs: 100 })
    assert.include(err, 'listening on 127.0.0.1:3413')
    const nfcapd = new Nfcapd(3414)
    await nfcapd.start()
    await softflowdExport(HTTP, [3413, 3414], 9)
    // What softflowd sent is in the socket's queue; the collector reads it all before it stops.
    child.kill('SIGINT')
    await new Promise((resolve) => child.on('close', resolve))
    const lines = out.trim().split('\n').map((l) => JSON.parse(l))
    assert.deepEqual(Object.keys(lines[0]), ['exporter', 'version', 'src_addr', 'dst_addr', 'src_port', 'dst_port', 'protocol', 'packets', 'bytes', 'first', 'last', 'tcp_flags', 'input_if', 'output_if'])
    assert.match(lines[0].first, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    const ours = lines.map((l) => flowKey({ src: l.src_addr, dst: l.dst_addr, srcPort: l.src_port, dstPort: l.dst_port, protocol: l.protocol, packets: l.packets, bytes: l.bytes })).sort()
    assert.deepEqual(ours, (await nfcapd.stopAndRead()).map(flowKey).sort())
    assert.include(err, '"flows":6')
    assert.include(err, 'kernel drops on the socket: 0')
  }).timeout(180_000)
})

/**
 * Sends `count` one-record NetFlow v5 datagrams to 127.0.0.1:`port` from python3 under spawnSync,
 * which holds this event loop: none is read until the sending is over.
 */
function sendWhileBlocked(assert: Assert, port: number, count: number) {
  const datagram = Buffer.alloc(24 + 48)
  datagram.writeUInt16BE(5)
  datagram.writeUInt16BE(1, 2)
  const r = spawnSync('python3', ['-c', `import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\nfor i in range(${count}): s.sendto(bytes.fromhex('${datagram.toString('hex')}'),('127.0.0.1',${port}))`])
  assert.equal(r.status, 0, String(r.stderr))
}

test.group('UDP collector under bad input and bursts', () => {
  test('garbage, unknown templates and a template that changes under a live exporter: counted, good records kept', async ({ assert }) => {
    const flows: FlowRecord[] = []
    const problems: string[] = []
    const collector = new UdpCollector({ port: 3415, host: '127.0.0.1', flushMs: 10, onFlows: (f) => flows.push(...f), onProblem: (e, k) => problems.push(`${e} ${k}`) })
    await collector.start()
    const socket = dgram.createSocket('udp4')
    const send = (b: Buffer) => new Promise((resolve) => socket.send(b, 3415, '127.0.0.1', resolve))
    const v9 = (seq: number, sets: Buffer[]) => {
      const h = Buffer.alloc(20)
      h.writeUInt16BE(9)
      h.writeUInt16BE(sets.length, 2)
      h.writeUInt32BE(1000, 4)
      h.writeUInt32BE(1_780_000_000, 8)
      h.writeUInt32BE(seq, 12)
      return Buffer.concat([h, ...sets])
    }
    const set = (id: number, body: Buffer) => Buffer.concat([Buffer.from([id >> 8, id & 255, (body.length + 4) >> 8, (body.length + 4) & 255]), body])
    const fields = (...v: number[]) => Buffer.from(v.flatMap((x) => [x >> 8, x & 255]))
    await send(Buffer.from('definitely not netflow'))
    await send(v9(0, [set(300, Buffer.alloc(16))]))
    await send(v9(1, [set(0, fields(300, 2, 8, 4, 12, 4)), set(300, Buffer.from([10, 0, 0, 1, 10, 0, 0, 2]))]))
    // Same id, now with ports: the old layout must not be used for the new records.
    await send(v9(2, [set(0, fields(300, 3, 8, 4, 12, 4, 7, 2)), set(300, Buffer.from([10, 0, 0, 3, 10, 0, 0, 4, 0, 99]))]))
    await send(v9(5, [set(300, Buffer.from([10, 0, 0, 5, 10, 0, 0, 6, 0, 7, 1, 2, 3, 4, 5, 6]))]))
    socket.close()
    await collector.stop()
    const c = collector.counters().get('127.0.0.1')!
    assert.deepInclude(c, { datagrams: 5, flows: 3, unknownTemplate: 1, templateChanges: 1, lostDatagrams: 2, malformed: 2 })
    assert.deepEqual(
      flows.map((f) => `${f.srcAddr}:${f.srcPort}`),
      ['10.0.0.1:0', '10.0.0.3:99', '10.0.0.5:7']
    )
    assert.includeMembers(problems, ['127.0.0.1 unsupported_version', '127.0.0.1 unknown_template', '127.0.0.1 template_changed', '127.0.0.1 sequence_gap', '127.0.0.1 short_record'])
  })

  test('a stop reads what is already queued on the socket before it closes', async ({ assert }) => {
    const collector = new UdpCollector({ port: 3417, host: '127.0.0.1', onFlows: () => {} })
    await collector.start()
    // All 200 datagrams wait in the kernel when stop is called.
    sendWhileBlocked(assert, 3417, 200)
    await collector.stop()
    assert.equal(collector.counters().get('127.0.0.1')?.datagrams, 200)
  })

  test('a burst the socket cannot hold: kernel drops read from /proc/net/udp, received + dropped = sent', async ({ assert }) => {
    let received = 0
    const collector = new UdpCollector({ port: 3416, host: '127.0.0.1', receiveBuffer: 64 * 1024, onFlows: () => {} })
    await collector.start()
    collector.decoder.decode = ((decode) => (msg: Buffer, address: string, port?: number) => {
      received++
      return decode(msg, address, port)
    })(collector.decoder.decode.bind(collector.decoder))
    const sent = 5000
    // The socket buffer overflows while the event loop is held.
    sendWhileBlocked(assert, 3416, sent)
    await collector.drain(60_000)
    const drops = await collector.kernelDrops()
    await collector.stop()
    assert.isNotNull(drops)
    assert.isAbove(drops!, 0)
    assert.equal(received + drops!, sent)
  }).timeout(30000)
})
