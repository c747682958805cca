/**
 * Bench: how long from the first packet of a port scan to its detection, through the deployed
 * flow path, beside nfcapd/nfdump answering the same question from the same export.
 *
 *   REDIS_DB=2 PATH=/work/main/node_modules/.bin:$PATH node --import @poppinss/ts-exec bench/scan_latency.ts
 *   (--rounds 5, --export-ms 200: the exporter's cache sweep, --background 2000 flows/s of ordinary traffic)
 *
 * An exporter (our NetFlow v9 encoder, one UDP socket, as a router with two collectors) sends a
 * SYN scan of 150 ports of one host, 50 probes a second, live: each probe's flow goes out in
 * the first export after it ends (every --export-ms), among ordinary web traffic. The same
 * datagrams go to the real `flows:collect` (queue mode: decoded, batched onto the BullMQ `flows`
 * queue as deployed, FLOWS_BATCH_MS 500 by default) and to nfcapd.
 *
 * Ours: a worker on the `flows` queue (in this process, as the security worker will take the
 * batches) runs every detection rule on each batch; the time is when the port scan event leaves
 * the engine. The last stage, the event becoming an incident in the API, belongs to the security
 * worker (sec-events) and is measured once that is merged. Reference: nfcapd rotating its file
 * every 2 s (its shortest useful interval) and nfdump polled every 100 ms, filtered to the
 * attacker's small flows, until it shows 100 distinct ports (the rule's threshold).
 * Both are measured from the scan's first packet, and from the moment the 100th port was probed
 * (the earliest any tool could know), per round; medians and their ratio are printed.
 */
import { spawn } from 'node:child_process'
import dgram from 'node:dgram'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { decodeBatch, FLOW_QUEUE, type FlowBatch } from '#collectors/flow/flow_batch'
import { DetectionEngine } from '#app/detections/engine'
import { FlowExportEncoder, type ExportFlow } from '#app/demo/sim/flow_encoder'
import { benchProcesses, median, option } from './support.ts'

const ROUNDS = option('rounds', 5)
const EXPORT_MS = option('export-ms', 200)
const BACKGROUND = option('background', 2000)
const PORTS = 150
const PROBES_PER_SECOND = 50
const THRESHOLD = 100
const TARGET = '10.1.0.5'
const COLLECTOR_PORT = 2298
const NFCAPD_PORT = 2297
process.env.REDIS_DB ??= '5'
process.env.QUEUE_PREFIX = 'gsn-bench-scan'
process.env.NODE_ENV = 'production'
process.env.APP_KEY ??= 'bench-scan-latency-key-0123456789abcdef'

const connection = { host: '127.0.0.1', port: 6379, db: Number(process.env.REDIS_DB) }

/** nfdump's answer: how many distinct ports the attacker's small flows reached, so far. */
function nfdumpPorts(dir: string, attacker: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('nfdump', ['-R', dir, '-q', '-o', 'fmt:%dp', `src ip ${attacker} and packets < 5`], { stdio: ['ignore', 'pipe', 'ignore'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('close', () => resolve(new Set(out.split('\n').filter((l) => /^\s*\d+\s*$/.test(l))).size))
  })
}

async function main() {
  const { Queue, Worker } = await import('bullmq')
  const queue = new Queue(FLOW_QUEUE, { connection, prefix: process.env.QUEUE_PREFIX })
  await queue.obliterate({ force: true })
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${ROUNDS} rounds, export every ${EXPORT_MS} ms, ${BACKGROUND} ordinary flows/s`)

  const processes = benchProcesses(/listening/)
  const collector = processes.start('collect', ['ace', 'flows:collect', '--port', String(COLLECTOR_PORT), '--host', '127.0.0.1', '--report-every', '0'])
  await new Promise<void>((resolve) => {
    const look = (chunk: Buffer) => chunk.toString().includes('listening on') && resolve()
    collector.stdout!.on('data', look)
    collector.stderr!.on('data', look)
  })
  const dir = await mkdtemp(join(tmpdir(), 'bench-scan-nfcapd-'))
  const nfcapd = spawn('nfcapd', ['-w', dir, '-b', '127.0.0.1', '-p', String(NFCAPD_PORT), '-t', '2'], { stdio: 'ignore' })
  processes.children.push(nfcapd)
  await sleep(1000)

  // The worker's side: every rule on each batch, as it arrives.
  const engine = new DetectionEngine({ internalPrefixes: ['10.0.0.0/8'] })
  const detectedAt = new Map<string, number>()
  const worker = new Worker(
    FLOW_QUEUE,
    async (job) => {
      for (const flow of decodeBatch(job.data as FlowBatch)) {
        for (const event of engine.observe(flow)) if (event.kind === 'port_scan') detectedAt.set(event.source, Date.now())
      }
    },
    { connection, prefix: process.env.QUEUE_PREFIX, concurrency: 1 }
  )

  // The exporter: flows that ended are exported at the next cache sweep, to both collectors.
  const encoder = new FlowExportEncoder({ version: 9, bootMs: Date.now() - 3_600_000 })
  const socket = dgram.createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  let ended: ExportFlow[] = []
  let ordinary = 0
  const sweep = setInterval(() => {
    const now = Date.now()
    // Ordinary web traffic in between: clients fetching pages, and the answers.
    const due = Math.round((BACKGROUND * EXPORT_MS) / 1000)
    for (let i = 0; i < due; i++, ordinary++) {
      const client = `10.2.${(ordinary >> 8) & 255}.${ordinary & 255}`
      const server = `198.51.100.${10 + (ordinary % 40)}`
      const port = 49_152 + (ordinary % 16_000)
      ended.push({ srcAddr: client, dstAddr: server, srcPort: port, dstPort: 443, protocol: 6, packets: 12, bytes: 1_400, firstMs: now - 900, lastMs: now - 5, tcpFlags: 0x1b, inputIf: 2, outputIf: 1 })
      ended.push({ srcAddr: server, dstAddr: client, srcPort: 443, dstPort: port, protocol: 6, packets: 14, bytes: 16_000, firstMs: now - 899, lastMs: now - 4, tcpFlags: 0x1b, inputIf: 1, outputIf: 2 })
    }
    const out = ended
    ended = []
    for (const datagram of encoder.encode(out, now)) {
      socket.send(datagram, COLLECTOR_PORT, '127.0.0.1')
      socket.send(datagram, NFCAPD_PORT, '127.0.0.1')
    }
  }, EXPORT_MS)

  const ours: number[] = []
  const theirs: number[] = []
  const oursAfter: number[] = []
  const theirsAfter: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const attacker = `203.0.113.${10 + round}`
    const start = Date.now()
    const probedAll = start + ((THRESHOLD - 1) * 1000) / PROBES_PER_SECOND
    // The scan, live: each probe answered by a reset within a millisecond, then its flow has ended.
    const scanning = (async () => {
      for (let i = 0; i < PORTS; i++) {
        const at = start + (i * 1000) / PROBES_PER_SECOND
        const wait = at - Date.now()
        if (wait > 0) await sleep(wait)
        const t = Math.round(at)
        ended.push({ srcAddr: attacker, dstAddr: TARGET, srcPort: 61_000, dstPort: i + 1, protocol: 6, packets: 1, bytes: 44, firstMs: t, lastMs: t, tcpFlags: 0x02, inputIf: 1, outputIf: 2 })
        ended.push({ srcAddr: TARGET, dstAddr: attacker, srcPort: i + 1, dstPort: 61_000, protocol: 6, packets: 1, bytes: 40, firstMs: t + 1, lastMs: t + 1, tcpFlags: 0x14, inputIf: 2, outputIf: 1 })
      }
    })()
    // nfdump is asked from the first probe on, while the scan runs.
    let reference: number | null = null
    const deadline = Date.now() + 60_000
    while ((reference === null || !detectedAt.has(attacker)) && Date.now() < deadline) {
      if (reference === null && (await nfdumpPorts(dir, attacker)) >= THRESHOLD) reference = Date.now()
      await sleep(100)
    }
    await scanning
    const detected = detectedAt.get(attacker)
    if (detected === undefined || reference === null) throw new Error(`round ${round}: ours ${detected ?? 'not found'}, nfdump ${reference ?? 'not found'} within 60 s`)
    ours.push(detected - start)
    theirs.push(reference - start)
    oursAfter.push(detected - probedAll)
    theirsAfter.push(reference - probedAll)
    console.log(`round ${round}: first packet → detection: ours ${detected - start} ms, nfdump ${reference - start} ms (from the 100th port: ${detected - probedAll} / ${reference - probedAll} ms)`)
  }
  clearInterval(sweep)
  socket.close()
  await worker.close()
  await queue.obliterate({ force: true })
  await queue.close()
  collector.kill('SIGINT')
  nfcapd.kill('SIGTERM')
  await sleep(500)
  await rm(dir, { recursive: true, force: true })

  const m = (v: number[]) => Math.round(median(v))
  console.log(`ours      first packet → port scan event leaving the engine: median ${m(ours)} ms (from the 100th port probed: ${m(oursAfter)} ms)`)
  console.log(`reference first packet → nfdump shows 100 ports (nfcapd -t 2): median ${m(theirs)} ms (from the 100th port probed: ${m(theirsAfter)} ms)`)
  console.log(`ratio     ${(median(ours) / median(theirs)).toFixed(2)} (ours / reference, from the first packet); ${(median(oursAfter) / median(theirsAfter)).toFixed(2)} from the 100th port`)
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
