/**
 * The API under load: the main lists, show pages, the NOC board's summary, the overview, a
 * link's traffic series and a CSV export's first byte, driven by autocannon at 1, 10 and 100
 * connections (closed loop), and at a fixed offered rate (200 requests/s, one every 5 ms, over up
 * to 100 connections: load_support.ts's `paced`), with a bearer token as scripts use it. Beside it in the same run, a bare `node:http`
 * + `pg` server answering the same URLs with the same SQL (bench/api_load_reference.ts); its
 * throughput is printed beside ours as a ratio.
 *
 *   PATH=/work/main/node_modules/.bin:$PATH node --import=@poppinss/ts-exec bench/api_load.ts
 *     [--incidents 1000000] [--duration 5] [--rate 200] [--reuse] [--no-worker] [--profile]
 *     [--only 'incidents list,link show'] [--levels 10,100] [--no-open-loop] [--processes 2]
 *   (BENCH_DB=gsn_bench_load is recreated unless --reuse finds it built with as many incidents;
 *    BENCH_REDIS_DB=9; BENCH_PORT=4420 and the next port for the reference)
 *
 * Data: the demo seed (706 agencies, 17,525 links, 110 devices) plus --incidents incidents made
 * in bulk SQL (generate_series), each naming one link, and a day of one link's traffic. A
 * `monitoring:work --no-sync` process keeps the board's counts as in use (--no-worker: none, the
 * summary is then counted per request); no collector runs, so no poll reports arrive.
 * Everything listens on loopback only and each run lasts --duration seconds: about eight minutes
 * on two cores, a minute more to build the database; `--incidents 100000 --duration 2` takes
 * three. Besides requests/s and latency, each run reports the server's CPU milliseconds per
 * answer (from /proc), which a machine busy with other work disturbs far less than throughput.
 * --profile starts the API server with --cpu-prof (profile written to tmp/api_load/ on exit).
 * --only runs the named requests alone, --levels those connection counts, --no-open-loop skips
 * the fixed-rate runs and the export: a quick look at one request while working on it.
 * --processes N runs the API as a cluster of N processes (bench/cluster_server.ts); CPU per answer
 * then sums them.
 */
import { request } from 'node:http'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, benchProcesses, bootConsole, option } from './support.ts'
import { buildIncidents, builtIncidents, figure as f, load as loadOn, migrate, paced, percentile, waitFor, type Run, type Server } from './load_support.ts'

const DB = process.env.BENCH_DB ?? 'gsn_bench_load'
const PORT = Number(process.env.BENCH_PORT ?? 4420)
const REFERENCE_PORT = PORT + 1
const INCIDENTS = option('incidents', 1_000_000)
const DURATION = option('duration', 5)
const RATE = option('rate', 200)
const named = (flag: string) => {
  const at = process.argv.indexOf(`--${flag}`)
  return at === -1 ? null : process.argv[at + 1].split(',').map((s) => s.trim())
}
const LEVELS = named('levels')?.map(Number) ?? [1, 10, 100]
const ONLY = named('only')
const OPEN_LOOP = !process.argv.includes('--no-open-loop')
const PROFILE_DIR = join(ROOT, 'tmp', 'api_load')

process.env.DB_DATABASE = DB
process.env.REDIS_DB = process.env.BENCH_REDIS_DB ?? '9'
process.env.QUEUE_PREFIX = `gsn-bench-load-${process.pid}`
process.env.NODE_ENV = 'development'
process.env.LOG_LEVEL = 'warn'
process.env.HOST = '127.0.0.1'
process.env.PORT = String(PORT)

/** A bench account's token, and a day of one-minute samples (rolled up) for the link charted. */
async function prepare() {
  const app = await bootConsole()
  const db = (await import('@adonisjs/lucid/services/db')).default
  const { default: User } = await import('#app/access/user')
  const { recordSamples } = await import('#app/samples/record_samples')
  const { rollUp } = await import('#app/samples/rollups')
  const user =
    (await User.findBy('email', 'bench@gsn.test')) ??
    (await User.create({ email: 'bench@gsn.test', fullName: 'Bench', password: 'bench-password-1', role: 'admin', agencyId: null, locale: 'en', active: true }))
  const token = (await User.accessTokens.create(user, ['*'], { name: 'bench' })).value!.release()
  const link = await db.from('links').where('kind', 'uplink').orderBy('id').first()
  const incident = await db.from('incidents').orderBy('id', 'desc').first()
  const now = Date.now()
  const samples = Array.from({ length: 1440 }, (_, i) => {
    const at = new Date(now - (1440 - i) * 60_000)
    const load = 0.3 + 0.25 * Math.sin((i / 1440) * 2 * Math.PI)
    return { link_id: link.id, at, in_bps: load * 1e9, out_bps: load * 6e8, in_util: load, out_util: load * 0.6, in_errors_ps: 0, out_errors_ps: 0, in_discards_ps: 0, out_discards_ps: 0, oper_status: 1 }
  })
  await recordSamples(samples)
  await rollUp(new Date(now))
  await app.terminate()
  return { token, linkId: link.id as number, incidentId: incident.id as number }
}

const { children, start } = benchProcesses()
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130))

/** One autocannon run of --duration seconds. */
const load = (server: Server, path: string, connections: number): Promise<Run> => loadOn(DB, server, path, connections, DURATION)

/** --rate requests a second, each at its own instant, over 100 connections, for twice --duration. */
const offered = (server: Server, path: string): Promise<Run> => paced(DB, server, path, 100, DURATION * 2, RATE)

/** Time to the first byte, and to the first page of rows, of a CSV export (sequential, median). */
async function exportTimes({ port, headers }: Server, path: string) {
  const first: number[] = []
  const rows: number[] = []
  for (let i = 0; i < 15; i++) {
    await new Promise<void>((resolve, reject) => {
      const started = performance.now()
      let bytes = 0
      const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
        res.on('data', (chunk: Buffer) => {
          if (bytes === 0) first.push(performance.now() - started)
          bytes += chunk.length
          if (bytes > 4096) {
            rows.push(performance.now() - started)
            req.destroy()
            resolve()
          }
        })
        res.on('end', resolve)
      })
      req.on('error', (error) => (bytes > 4096 ? resolve() : reject(error)))
      req.end()
    })
  }
  const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50)
  return { first: median(first), rows: median(rows) }
}


// ---------------------------------------------------------------------------------------------
if (process.argv.includes('--reuse') && (await builtIncidents(DB)) === INCIDENTS) {
  migrate(DB)
  console.log(`reusing ${DB}`)
} else await buildIncidents(DB, INCIDENTS)
const { token, linkId, incidentId } = await prepare()
const auth = { authorization: `Bearer ${token}` }

if (process.argv.includes('--profile')) mkdirSync(PROFILE_DIR, { recursive: true })
const profile = process.argv.includes('--profile') ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : []
const PROCESSES = option('processes', 1)
const api =
  PROCESSES > 1
    ? start('api', ['--import=@poppinss/ts-exec', 'bench/cluster_server.ts', String(PROCESSES)])
    : start('api', [...profile, '--import=@poppinss/ts-exec', 'bin/server.ts'])
const reference = start('reference', ['bench/api_load_reference.ts', String(REFERENCE_PORT)])
// The board's counts are kept by a monitoring worker, as in use; no collector feeds it here.
if (!process.argv.includes('--no-worker')) start('monitoring', ['ace', 'monitoring:work', '--no-sync'])
await waitFor(PORT, '/api/health')
await waitFor(REFERENCE_PORT, '/api/links')
const ours: Server = { port: PORT, headers: auth, pid: api.pid! }
const bare: Server = { port: REFERENCE_PORT, headers: {}, pid: reference.pid! }

const range = encodeURIComponent('[0,24]')
const allTargets: Array<{ name: string; path: string; reference: boolean }> = [
  { name: 'links list', path: `/api/links?range=${range}`, reference: true },
  { name: 'incidents list', path: `/api/incidents?range=${range}`, reference: true },
  { name: 'devices list', path: `/api/devices?range=${range}`, reference: true },
  { name: 'link show', path: `/api/links/${linkId}`, reference: true },
  { name: 'incident show', path: `/api/incidents/${incidentId}`, reference: true },
  { name: 'board summary', path: '/api/link_states/summary', reference: true },
  { name: 'overview', path: '/api/overview', reference: false },
  { name: 'traffic 24h', path: `/api/links/${linkId}/traffic?range=24h`, reference: true },
]
const targets = ONLY ? allTargets.filter((t) => ONLY.includes(t.name)) : allTargets

// Warm both servers (JIT, pools, PostgreSQL's cache) so the first row measured is not the cold one.
for (const t of targets) {
  await load(ours, t.path, 4)
  if (t.reference) await load(bare, t.path, 4)
}

console.log(`\nclosed loop, ${DURATION} s per run; req/s, p50/p99 ms, server CPU ms per answer; reference = bare node:http + pg, same SQL`)
console.log('| request | conns | ours req/s | p50 | p99 | CPU ms | errors | reference req/s | CPU ms | ratio |')
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for (const t of targets) {
  for (const connections of LEVELS) {
    const o = await load(ours, t.path, connections)
    const r = t.reference ? await load(bare, t.path, connections) : null
    console.log(
      `| ${t.name} | ${connections} | ${f(o.rps)} | ${f(o.p50, 1)} | ${f(o.p99, 1)} | ${f(o.cpuMs, 2)} | ${o.errors} | ${r ? f(r.rps) : '–'} | ${r ? f(r.cpuMs, 2) : '–'} | ${r ? `${f((100 * o.rps) / r.rps)}%` : '–'} |`
    )
  }
}

if (OPEN_LOOP) {
  console.log(`\nopen loop: ${RATE} req/s offered, one request every ${f(1000 / RATE, 1)} ms over up to 100 connections, for ${DURATION * 2} s; latency ms from each request's instant (goal: p95 ≤ 50)`)
  console.log('| request | ours req/s | p50 | p95 | p99 | errors | reference p95 |')
  console.log('| --- | --- | --- | --- | --- | --- | --- |')
  for (const t of targets) {
    const o = await offered(ours, t.path)
    const r = t.reference ? await offered(bare, t.path) : null
    console.log(`| ${t.name} | ${f(o.rps)} | ${f(o.p50, 1)} | ${f(o.p95, 1)} | ${f(o.p99, 1)} | ${o.errors} | ${r ? f(r.p95, 1) : '–'} |`)
  }

  const exported = await exportTimes(ours, '/api/incidents/export.csv')
  const exportedBare = await exportTimes(bare, '/api/incidents/export.csv')
  console.log(
    `\nCSV export of ${INCIDENTS.toLocaleString('en')}+ incidents, median of 15: first byte ${f(exported.first, 1)} ms (reference ${f(exportedBare.first, 1)} ms), first 4 KiB of rows ${f(exported.rows, 1)} ms (reference ${f(exportedBare.rows, 1)} ms)`
  )
}

api.kill('SIGTERM')
for (const c of children) if (c !== api) c.kill('SIGTERM')
await new Promise((resolve) => api.once('exit', resolve))
if (profile.length) console.log(`CPU profile of the API server in ${PROFILE_DIR}`)
process.exit(0)
