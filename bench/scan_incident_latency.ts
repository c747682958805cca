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
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { benchProcesses, bootConsole, option, recreateDatabase } from './support.ts'
import { liveExporter, nfdumpPorts, ScanTimings, THRESHOLD } from './scan_support.ts'

const ROUNDS = option('rounds', 5)
const EXPORT_MS = option('export-ms', 200)
const BACKGROUND = option('background', 2000)
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

  const exporter = await liveExporter({ exportMs: EXPORT_MS, background: BACKGROUND, ports: [COLLECTOR_PORT, NFCAPD_PORT] })

  const incidentOf = async (attacker: string) => {
    const rows = (await api(newest)) as Array<{ title: string; security_level: number | null }>
    return rows.find((r) => r.title.includes(attacker)) ?? null
  }

  const timings = new ScanTimings()
  for (let round = 0; round < ROUNDS; round++) {
    // A new source and a new target each round: an attack sharing either would join the last one's incident.
    const attacker = `203.0.113.${10 + round}`
    const TARGET = `10.1.0.${5 + round}`
    const start = Date.now()
    const scanning = exporter.scan(attacker, TARGET, start)
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
    console.log(`round ${round}: first packet → incident in the API (level ${level} proposed) ${timings.add(start, found, reference)}; load ${loadavg()[0].toFixed(2)}`)
    await sleep(2000)
  }
  exporter.close()
  for (const child of children) child.kill('SIGINT')
  await sleep(1000)
  await rm(dir, { recursive: true, force: true })

  timings.print('incident in GET /api/incidents')
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
