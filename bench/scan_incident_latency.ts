/**
 * Bench: from the first packet of a port scan to its security incident in `GET /api/incidents`,
 * through every deployed process, beside nfcapd/nfdump answering "has this source probed 100
 * ports?" from the same export (issue 11: "latency from the first packet of a generated scan to
 * the incident in the API").
 *
 *   PATH=/work/main/node_modules/.bin:$PATH node --import=@poppinss/ts-exec bench/scan_incident_latency.ts
 *     [--rounds 5] [--export-ms 200] [--background 2000]
 *   (BENCH_DB=gsn_bench_scan_incident is recreated; BENCH_REDIS_DB=12; BENCH_PORT=4421)
 *
 * An exporter (our NetFlow v9 encoder, as a router with two collectors) sends a live SYN scan of
 * 150 ports of one host of the bench's agency (a new attacker and host each round), 50 probes a second, among ordinary web traffic;
 * each probe's flow goes out in the first export after it ends (every --export-ms). Ours: the
 * API server, `flows:collect` (queue mode, batches of FLOWS_BATCH_MS), `flows:work` (stores the
 * batch, runs every detection rule on it, queues the detection) and `security:work` (files it as
 * a security incident), each a child process on a fresh database; the clock stops when an API
 * client (bearer token, polling every 100 ms) finds the incident naming the attacker. Reference:
 * nfcapd rotating every 2 s, nfdump polled every 100 ms until the attacker's small flows show 100
 * distinct ports (the rule's threshold). Both from the first packet, and from the moment the
 * 100th port was probed (the earliest any tool could know); medians and their ratio are printed.
 */
import { spawn } from 'node:child_process'
import dgram from 'node:dgram'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { FlowExportEncoder, type ExportFlow } from '#app/demo/sim/flow_encoder'
import { benchProcesses, bootConsole, median, option, recreateDatabase } from './support.ts'

const ROUNDS = option('rounds', 5)
const EXPORT_MS = option('export-ms', 200)
const BACKGROUND = option('background', 2000)
const PORTS = 150
const PROBES_PER_SECOND = 50
const THRESHOLD = 100
const COLLECTOR_PORT = 2296
const NFCAPD_PORT = 2295
const DB = process.env.BENCH_DB ?? 'gsn_bench_scan_incident'
const PORT = Number(process.env.BENCH_PORT ?? 4421)
process.env.DB_DATABASE = DB
process.env.REDIS_DB = process.env.BENCH_REDIS_DB ?? '12'
process.env.QUEUE_PREFIX = `gsn-bench-scan-incident-${process.pid}`
process.env.NODE_ENV = 'development'
process.env.LOG_LEVEL = 'warn'
process.env.PORT = String(PORT)

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
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${ROUNDS} rounds, export every ${EXPORT_MS} ms, ${BACKGROUND} ordinary flows/s`)
  await recreateDatabase(DB)
  const app = await bootConsole()
  const db = (await import('@adonisjs/lucid/services/db')).default
  const { default: User } = await import('#app/access/user')
  const { ensureStandardGroups } = await import('#app/incidents/standard_groups')
  const { ensureFlowPartitionsAhead } = await import('#app/flows/partitions')
  // One agency holding the target's prefix, G-ISAC's queue, today's flow partitions, an analyst's token.
  const [agency] = await db.table('agencies').insert({ code: 'SCAN', name: '掃描測試機關', level: 2, kind: 'central', region: 'north', path: '/' }).returning('id')
  const agencyId = agency.id ?? agency
  await db.from('agencies').where('id', agencyId).update({ path: `/${agencyId}/` })
  await db.table('agency_prefixes').insert({ agency_id: agencyId, prefix: '10.1.0.0/16', description: 'bench' })
  await ensureStandardGroups(db.connection())
  await ensureFlowPartitionsAhead(new Date())
  const analyst = await User.create({ email: 'analyst@gsn.test', fullName: 'Bench', password: 'bench-password-1', role: 'analyst', agencyId: null, locale: 'en', active: true })
  const token = (await User.accessTokens.create(analyst, ['*'], { name: 'bench' })).value!.release()
  await app.terminate()

  const { children, start } = benchProcesses(/\binfo\b|listening/)
  start('api', ['--import=@poppinss/ts-exec', 'bin/server.ts'])
  start('collect', ['ace', 'flows:collect', '--port', String(COLLECTOR_PORT), '--host', '127.0.0.1', '--report-every', '0'])
  start('flows', ['ace', 'flows:work'])
  start('security', ['ace', 'security:work'])
  const dir = await mkdtemp(join(tmpdir(), 'bench-scan-incident-nfcapd-'))
  const nfcapd = spawn('nfcapd', ['-w', dir, '-b', '127.0.0.1', '-p', String(NFCAPD_PORT), '-t', '2'], { stdio: 'ignore' })
  children.push(nfcapd)

  const api = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } })
    if (!response.ok) throw new Error(`${path}: ${response.status}`)
    return response.json() as Promise<any>
  }
  const newest = `/api/incidents?${new URLSearchParams({ filter: JSON.stringify({ type: 'security' }), sort: JSON.stringify(['opened_at', 'DESC']), range: '[0,9]' })}`
  for (let i = 0; ; i++) {
    try {
      await api(newest)
      break
    } catch (error) {
      if (i > 240) throw error
      await sleep(500)
    }
  }
  // The workers have started when they have had a few seconds; a first round would otherwise time their start.
  await sleep(5000)

  // The exporter: flows that ended are exported at the next cache sweep, to both collectors.
  const encoder = new FlowExportEncoder({ version: 9, bootMs: Date.now() - 3_600_000 })
  const socket = dgram.createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  let ended: ExportFlow[] = []
  let ordinary = 0
  const sweep = setInterval(() => {
    const now = Date.now()
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

  const incidentOf = async (attacker: string) => {
    const rows = (await api(newest)) as Array<{ title: string; security_level: number | null }>
    return rows.find((r) => r.title.includes(attacker)) ?? null
  }

  const ours: number[] = []
  const theirs: number[] = []
  const oursAfter: number[] = []
  const theirsAfter: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    // A new source and a new target each round: an attack sharing either would join the last one's incident.
    const attacker = `203.0.113.${10 + round}`
    const TARGET = `10.1.0.${5 + round}`
    const start = Date.now()
    const probedAll = start + ((THRESHOLD - 1) * 1000) / PROBES_PER_SECOND
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
    let reference: number | null = null
    let found: number | null = null
    let level: number | null = null
    const deadline = Date.now() + 90_000
    // Both asked from the first probe on, while the scan runs, each every 100 ms.
    const referencePoll = (async () => {
      while (reference === null && Date.now() < deadline) {
        if ((await nfdumpPorts(dir, attacker)) >= THRESHOLD) reference = Date.now()
        else await sleep(100)
      }
    })()
    while (found === null && Date.now() < deadline) {
      const incident = await incidentOf(attacker).catch(() => null)
      if (incident) {
        found = Date.now()
        level = incident.security_level
      } else await sleep(100)
    }
    await referencePoll
    await scanning
    if (found === null || reference === null) throw new Error(`round ${round}: ours ${found ?? 'not found'}, nfdump ${reference ?? 'not found'} within 90 s`)
    ours.push(found - start)
    theirs.push(reference - start)
    oursAfter.push(found - probedAll)
    theirsAfter.push(reference - probedAll)
    console.log(
      `round ${round}: first packet → incident in the API (level ${level} proposed) ${found - start} ms, nfdump shows 100 ports ${reference - start} ms ` +
        `(from the 100th port: ${found - probedAll} / ${reference - probedAll} ms); load ${loadavg()[0].toFixed(2)}`
    )
    await sleep(2000)
  }
  clearInterval(sweep)
  socket.close()
  for (const child of children) child.kill('SIGINT')
  await sleep(1000)
  await rm(dir, { recursive: true, force: true })

  const m = (v: number[]) => Math.round(median(v))
  console.log(`ours      first packet → incident in GET /api/incidents: median ${m(ours)} ms (from the 100th port probed: ${m(oursAfter)} ms)`)
  console.log(`reference first packet → nfdump shows 100 ports (nfcapd -t 2): median ${m(theirs)} ms (from the 100th port probed: ${m(theirsAfter)} ms)`)
  console.log(`ratio     ${(median(ours) / median(theirs)).toFixed(2)} (ours / reference, from the first packet); ${(median(oursAfter) / median(theirsAfter)).toFixed(2)} from the 100th port`)
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
