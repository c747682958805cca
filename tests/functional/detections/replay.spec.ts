import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { captureToFlows } from '#collectors/flow/capture_flows'
import { DetectionEngine } from '#app/detections/engine'
import { until } from '#tests/support/wait'

/**
 * Detections on captures: the public sample captures of the flow tests (tests/fixtures/flows)
 * are normal traffic and must raise nothing; attacks made here with real sockets on the
 * loopback (a connect scan, a sweep, password guessing against a listener), captured by
 * tcpdump and turned into flows by the flow intake, must raise exactly their detections.
 */
const SAMPLES = [
  ...['http', 'dns_icmp', 'nb6-http', 'truncated_dns', 'truncated_dns_2'].map((f) => `/usr/share/doc/python3-dpkt/examples/data/${f}.pcap`),
  ...['dns', 'ethernet', 'loopback'].map((f) => `/usr/share/gocode/src/github.com/google/gopacket/pcap/test_${f}.pcap`),
  '/usr/share/doc/pcapfix/examples/test.pcap',
  'node_modules/pcap-parser/test/smtp.pcap',
]
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']

const ATTACKER = '127.0.0.9'

/** Opens a connection from the attacker's address and closes it when answered or refused. */
function knock(host: string, port: number, talk?: string) {
  return new Promise<void>((resolve) => {
    const socket = net.connect({ host, port, localAddress: ATTACKER })
    socket.setTimeout(2_000)
    const done = () => {
      socket.destroy()
      resolve()
    }
    socket.on('error', done)
    socket.on('timeout', done)
    socket.on('data', () => socket.end(talk ?? ''))
    socket.on('close', done)
    socket.on('connect', () => {
      if (!talk) socket.end()
    })
  })
}

async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each))
}

test.group('Detections: replayed captures', () => {
  test('the public sample captures raise nothing (false positives: 0)', async ({ assert }) => {
    let flows = 0
    for (const file of SAMPLES.filter((f) => existsSync(f))) {
      const capture = await captureToFlows(file)
      flows += capture.flows.length
      // Every rule on, exposure without a learning period: the strictest reading of normal traffic.
      const engine = new DetectionEngine({ internalPrefixes: PRIVATE, rules: { newExposure: { learningSeconds: 0.001 } } })
      assert.deepEqual(engine.observeAll(capture.flows).map((e) => `${e.kind} ${e.source} ${e.target}`), [], file)
    }
    assert.isAbove(flows, 40)
  })

  test('a scan, a sweep and password guessing on the loopback, captured by tcpdump, raise exactly those', async ({ assert, cleanup }) => {
    const dir = await mkdtemp(join(tmpdir(), 'detect-'))
    cleanup(() => rm(dir, { recursive: true, force: true }))
    const file = join(dir, 'attack.pcap')
    // Headers are what flows are made of (a record keeps its length on the wire). In immediate
    // mode each slot of the kernel's ring is sized by the snapshot length, so at the default
    // 256 KiB the 16 MiB ring holds few packets: a CI run dropped 64 of the attack's 1,390.
    const tcpdump = spawn('tcpdump', ['-i', 'lo', '-U', '--immediate-mode', '-B', '16384', '-s', '2048', '-n', '-Z', 'root', '-w', file, `host ${ATTACKER}`], { stdio: ['ignore', 'ignore', 'pipe'] })
    let said = ''
    tcpdump.stderr.on('data', (d) => (said += d))
    const stopped = new Promise((resolve) => tcpdump.on('close', resolve))
    cleanup(() => {
      if (tcpdump.exitCode === null) tcpdump.kill('SIGKILL')
    })
    await until('tcpdump listening', () => said.includes('listening on') || tcpdump.exitCode !== null, { timeoutMs: 60_000, everyMs: 50 })
    assert.include(said, 'listening on')

    // A login service that answers with a banner and waits for a password.
    const service = net.createServer((socket) => {
      socket.on('error', () => {})
      socket.write('login: ')
      socket.on('data', () => socket.end('denied\n'))
    })
    await new Promise<void>((resolve) => service.listen(3389, '127.0.0.3', resolve))
    cleanup(() => new Promise<void>((resolve) => service.close(() => resolve())))

    await inBatches(Array.from({ length: 150 }, (_, i) => 1 + i), 10, (port) => knock('127.0.0.2', port))
    await inBatches(Array.from({ length: 60 }, (_, i) => `127.0.1.${i + 1}`), 10, (host) => knock(host, 445))
    await inBatches(Array.from({ length: 25 }, (_, i) => i), 5, () => knock('127.0.0.3', 3389, 'guess\n'))
    // tcpdump stops on SIGINT without reading what is still in its ring: with -U it writes each
    // packet as it reads it, so the ring is drained once the file stops growing.
    let size = -1
    let still = 0
    await until('tcpdump to write the last packets', async () => {
      const now = (await stat(file)).size
      still = now === size ? still + 1 : 0
      size = now
      return still >= 4
    }, { timeoutMs: 60_000, everyMs: 250 })
    tcpdump.kill('SIGINT')
    await stopped
    assert.match(said, /\n0 packets dropped by kernel/, said)

    const { flows } = await captureToFlows(file, { idle: false })
    const engine = new DetectionEngine({ internalPrefixes: ['127.0.0.0/8'] })
    const events = engine.observeAll(flows)
    const seen = events.map((e) => `${e.kind} ${e.source} ${e.target}`).sort()
    assert.deepEqual(seen, [`brute_force ${ATTACKER} 127.0.0.3`, `host_sweep ${ATTACKER} *:445/tcp`, `port_scan ${ATTACKER} 127.0.0.2`])
    const scan = events.find((e) => e.kind === 'port_scan')!
    assert.equal(scan.counts.observed, 100)
    assert.isAtMost(scan.evidence.length, 5)
    assert.isTrue(scan.evidence.every((f) => f.srcAddr === ATTACKER && f.dstAddr === '127.0.0.2'))
    const guessing = events.find((e) => e.kind === 'brute_force')!
    assert.equal(guessing.port, 3389)
    assert.equal(guessing.counts.observed, 20)
  }).timeout(60_000)
})
