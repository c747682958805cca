/**
 * Soak: the demo's processes (scripts/demo.sh) run together for a long while on the demo data —
 * the simulated GSN (`demo:network`, 110 devices on port 161, hence root), `monitoring:work`,
 * `collector:run` with its trap port, `notifications:work`, `samples:maintain` and the API
 * server — while every --every seconds the resident memory of each process and the depth of each
 * queue are read. At the end: each process's resident memory at the start (the first reading
 * after --warmup minutes: the processes load code and fill caches first) and the end, its
 * highest, and each queue's depth first, last, highest and its trend per hour (a least-squares
 * slope), all over the readings after the warm-up. A leak shows as a process that only grows, a
 * backlog as a queue whose trend stays above zero. snmp-poll always holds one delayed job per
 * device: its scheduler's next poll.
 *
 *   PATH=/work/main/node_modules/.bin:$PATH node --import=@poppinss/ts-exec bench/soak.ts
 *     [--minutes 60] [--every 30] [--warmup 3]
 *   (BENCH_DB=gsn_bench_soak is recreated; BENCH_REDIS_DB=14; BENCH_PORT=4420; BENCH_TRAPS_PORT=1172)
 *   SOAK_HEAP_SNAPSHOTS=5,35 [SOAK_HEAP_OF=collector,monitoring]: heap snapshots of those
 *   processes at those minutes, in bench/out/heap/ (each process is paused while it writes);
 *   compare two with bench/heap_diff.ts to see which constructors grew.
 *
 * No reference tool runs beside it: the figure is each process against itself over time.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { Queue } from 'bullmq'
import pg from 'pg'
import { ROOT, benchProcesses, option, recreateDatabase } from './support.ts'

const MINUTES = option('minutes', 60)
const EVERY_S = option('every', 30)
const WARMUP_MIN = option('warmup', 3)
const DB = process.env.BENCH_DB ?? 'gsn_bench_soak'
const PORT = Number(process.env.BENCH_PORT ?? 4420)
const TRAPS_PORT = Number(process.env.BENCH_TRAPS_PORT ?? 1172)
const QUEUES = ['snmp-poll', 'link-samples', 'notifications'] as const

process.env.DB_DATABASE = DB
process.env.REDIS_DB = process.env.BENCH_REDIS_DB ?? '14'
process.env.QUEUE_PREFIX = `gsn-bench-soak-${process.pid}`
process.env.NODE_ENV = 'development'
process.env.LOG_LEVEL = 'warn'
process.env.PORT = String(PORT)
process.env.HOST = '127.0.0.1'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const SNAPSHOT_MINUTES = (process.env.SOAK_HEAP_SNAPSHOTS ?? '').split(',').filter(Boolean).map(Number)
const SNAPSHOT_OF = (process.env.SOAK_HEAP_OF ?? 'collector,monitoring').split(',')
const HEAP_DIR = join(ROOT, 'bench', 'out', 'heap')
if (SNAPSHOT_MINUTES.length) {
  mkdirSync(HEAP_DIR, { recursive: true })
  // Node writes a snapshot of its heap on this signal; only the processes signalled below are.
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${HEAP_DIR}`.trim()
}

/** Resident set of a process, in MiB, from the kernel; null once it has gone. */
function rssMiB(pid: number | undefined) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : null
  } catch {
    return null
  }
}

/** Least-squares slope of (minutes, value), per hour. */
function trendPerHour(points: Array<[number, number]>) {
  if (points.length < 2) return 0
  const n = points.length
  const mx = points.reduce((s, p) => s + p[0], 0) / n
  const my = points.reduce((s, p) => s + p[1], 0) / n
  const sxx = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0)
  const sxy = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0)
  return sxx ? (sxy / sxx) * 60 : 0
}

await recreateDatabase(DB)
const seed = spawnSync(process.execPath, ['ace', 'demo:seed'], { cwd: ROOT, env: process.env, encoding: 'utf8' })
if (seed.status !== 0) throw new Error(`demo:seed failed: ${seed.stderr || seed.stdout}`)

const { start } = benchProcesses(/\binfo\b|^\s*$/)
const processes = {
  server: start('server', ['--import=@poppinss/ts-exec', 'bin/server.ts']),
  network: start('network', ['ace', 'demo:network', '--trap-sink', `127.0.0.1:${TRAPS_PORT}`, '--stats-every', '0']),
  monitoring: start('monitoring', ['ace', 'monitoring:work']),
  collector: start('collector', ['ace', 'collector:run', '--traps-port', String(TRAPS_PORT)]),
  notifications: start('notifications', ['ace', 'notifications:work']),
  samples: start('samples', ['ace', 'samples:maintain', '--every', '300']),
}
const exits: string[] = []
let stopping = false
for (const [name, child] of Object.entries(processes)) {
  child.on('exit', (code, signal) => stopping || exits.push(`${name} exited (${code ?? signal})`))
}

const connection = { host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379), db: Number(process.env.REDIS_DB), maxRetriesPerRequest: null }
const queues = QUEUES.map((name) => new Queue(name, { connection, prefix: process.env.QUEUE_PREFIX }))
const database = new pg.Client({ host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 5432), user: process.env.DB_OWNER_USER ?? 'postgres', database: DB })
await database.connect()

const snapshotsDue = [...SNAPSHOT_MINUTES]
const readings: Array<{ minute: number; rss: Record<string, number | null>; depth: Record<string, number>; samples: number }> = []
const began = Date.now()
console.log(`soak: ${MINUTES} min, a reading every ${EVERY_S} s; database ${DB}, queues ${process.env.QUEUE_PREFIX}, server on ${PORT}`)
try {
  while (Date.now() - began < MINUTES * 60_000) {
    await sleep(EVERY_S * 1000)
    const rss = Object.fromEntries(Object.entries(processes).map(([name, child]) => [name, rssMiB(child.pid)]))
    const depth: Record<string, number> = {}
    for (const q of queues) {
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')
      depth[q.name] = counts.waiting + counts.active + counts.delayed + counts.prioritized
    }
    const samples = Number((await database.query('SELECT count(*) AS n FROM link_samples')).rows[0].n)
    const minute = (Date.now() - began) / 60_000
    readings.push({ minute, rss, depth, samples })
    console.log(
      `${minute.toFixed(1).padStart(5)} min  rss MiB ${Object.entries(rss).map(([k, v]) => `${k} ${v?.toFixed(0) ?? '-'}`).join(', ')}  queues ${QUEUES.map((q) => `${q} ${depth[q]}`).join(', ')}  samples ${samples}`
    )
    if (exits.length) break
    while (snapshotsDue.length && minute >= snapshotsDue[0]) {
      snapshotsDue.shift()
      for (const name of SNAPSHOT_OF) {
        const child = processes[name as keyof typeof processes]
        console.log(`${minute.toFixed(1).padStart(5)} min  heap snapshot of ${name} (pid ${child.pid}) into ${HEAP_DIR}`)
        child.kill('SIGUSR2')
      }
    }
  }
} finally {
  await database.end()
  await Promise.all(queues.map((q) => q.close()))
  stopping = true
  for (const child of Object.values(processes)) child.kill('SIGTERM')
  await sleep(3000)
}

const settled = readings.filter((r) => r.minute >= WARMUP_MIN - 0.05)
if (settled.length < 2) throw new Error(`fewer than two readings after the ${WARMUP_MIN} min warm-up`)
const first = settled[0]
const last = settled.at(-1)!
console.log(`\nsoak over ${last.minute.toFixed(1)} min (readings from ${first.minute.toFixed(1)} min, after the warm-up); ${last.samples - first.samples} link samples written meanwhile`)
console.log('process        start MiB   end MiB   highest MiB   end/start')
for (const name of Object.keys(processes)) {
  const values = settled.map((r) => r.rss[name]).filter((v): v is number => v !== null)
  const [a, b] = [first.rss[name], last.rss[name]]
  console.log(
    `${name.padEnd(14)} ${a?.toFixed(1).padStart(9) ?? '        -'} ${b?.toFixed(1).padStart(9) ?? '        -'} ${Math.max(...values).toFixed(1).padStart(13)}   ${a && b ? (b / a).toFixed(2) : '-'}`
  )
}
console.log('queue          first   last   highest   trend per hour')
for (const name of QUEUES) {
  const values = settled.map((r) => r.depth[name])
  console.log(
    `${name.padEnd(14)} ${String(first.depth[name]).padStart(5)} ${String(last.depth[name]).padStart(6)} ${String(Math.max(...values)).padStart(9)}   ${trendPerHour(settled.map((r) => [r.minute, r.depth[name]])).toFixed(1).padStart(8)}`
  )
}
if (exits.length) {
  console.log(`processes that stopped during the soak: ${exits.join('; ')}`)
  process.exitCode = 1
}
