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
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { decodeBatch, FLOW_QUEUE, type FlowBatch } from '#collectors/flow/flow_batch'
import { DetectionEngine } from '#app/detections/engine'
import { benchProcesses, option } from './support.ts'
import { liveExporter, nfdumpPorts, ScanTimings, THRESHOLD } from './scan_support.ts'

const ROUNDS = option('rounds', 5)
const EXPORT_MS = option('export-ms', 200)
const BACKGROUND = option('background', 2000)
const TARGET = '10.1.0.5'
const COLLECTOR_PORT = 2298
const NFCAPD_PORT = 2297
process.env.REDIS_DB ??= '5'
process.env.QUEUE_PREFIX = 'gsn-bench-scan'
process.env.NODE_ENV = 'production'
process.env.APP_KEY ??= 'bench-scan-latency-key-0123456789abcdef'

const connection = { host: '127.0.0.1', port: 6379, db: Number(process.env.REDIS_DB) }

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

  const exporter = await liveExporter({ exportMs: EXPORT_MS, background: BACKGROUND, ports: [COLLECTOR_PORT, NFCAPD_PORT] })
  const timings = new ScanTimings()
  for (let round = 0; round < ROUNDS; round++) {
    const attacker = `203.0.113.${10 + round}`
    const start = Date.now()
    const scanning = exporter.scan(attacker, TARGET, start)
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
    console.log(`round ${round}: first packet → detection ${timings.add(start, detected, reference)}`)
  }
  exporter.close()
  await worker.close()
  await queue.obliterate({ force: true })
  await queue.close()
  collector.kill('SIGINT')
  nfcapd.kill('SIGTERM')
  await sleep(500)
  await rm(dir, { recursive: true, force: true })

  timings.print('port scan event leaving the engine')
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
