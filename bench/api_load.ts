/**
 * The API under load: the main lists, show pages, the NOC board's summary, the overview, a
 * link's traffic series and a CSV export's first byte, driven by autocannon at 1, 10 and 100
 * connections (closed loop) and at a fixed offered rate (200 requests/s spread over 100
 * clients), with a bearer token as scripts use it. Beside it in the same run, a bare `node:http`
 * + `pg` server answering the same URLs with the same SQL (bench/api_load_reference.ts); its
 * throughput is printed beside ours as a ratio.
 *
 *   PATH=/work/main/node_modules/.bin:$PATH node --import=@poppinss/ts-exec bench/api_load.ts
 *     [--incidents 1000000] [--duration 5] [--rate 200] [--reuse] [--no-worker] [--profile]
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
 */
import { spawnSync } from 'node:child_process'
import { request } from 'node:http'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { ROOT, benchProcesses, bootConsole, option, recreateDatabase } from './support.ts'

const DB = process.env.BENCH_DB ?? 'gsn_bench_load'
const PORT = Number(process.env.BENCH_PORT ?? 4420)
const REFERENCE_PORT = PORT + 1
const INCIDENTS = option('incidents', 1_000_000)
const DURATION = option('duration', 5)
const RATE = option('rate', 200)
const LEVELS = [1, 10, 100]
const PROFILE_DIR = join(ROOT, 'tmp', 'api_load')

process.env.DB_DATABASE = DB
process.env.REDIS_DB = process.env.BENCH_REDIS_DB ?? '9'
process.env.QUEUE_PREFIX = `gsn-bench-load-${process.pid}`
process.env.NODE_ENV = 'development'
process.env.LOG_LEVEL = 'warn'
process.env.HOST = '127.0.0.1'
process.env.PORT = String(PORT)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const client = () =>
  new pg.Client({ host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 5432), user: process.env.DB_USER ?? 'postgres', database: DB })

async function builtIncidents(): Promise<number | null> {
  const c = client()
  try {
    await c.connect()
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM incidents WHERE number LIKE 'INC-B%'`)
    return rows[0].n
  } catch {
    return null
  } finally {
    await c.end().catch(() => {})
  }
}

/** The demo, then the incidents of a few busy years in one statement, and one link's day of traffic. */
async function build() {
  const started = performance.now()
  await recreateDatabase(DB)
  const seed = spawnSync('node', ['ace', 'demo:seed'], { cwd: ROOT, env: process.env, encoding: 'utf8' })
  if (seed.status !== 0) throw new Error(`demo:seed failed: ${seed.stderr || seed.stdout}`)
  const c = client()
  await c.connect()
  // Most are long closed, as in a console that has run for years; every one names a link.
  await c.query(
    `WITH a AS (SELECT array_agg(id ORDER BY id) AS ids FROM agencies)
     INSERT INTO incidents (number, title, description, type, priority, status, agency_id, opened_at, acknowledged_at, resolved_at, closed_at, resolution, created_at, updated_at)
     SELECT 'INC-B' || lpad(g::text, 7, '0'),
            (ARRAY['線路中斷', '線路品質劣化', '設備無回應', '疑似惡意掃描', 'Link down', 'Packet loss'])[1 + g % 6] || ' #' || g,
            'bench', CASE WHEN g % 7 = 0 THEN 'security' ELSE 'service' END,
            (ARRAY['P1', 'P2', 'P3', 'P4'])[1 + g % 4],
            (CASE WHEN g <= 200 THEN 'new' WHEN g <= 400 THEN 'in_progress' WHEN g % 10 = 0 THEN 'resolved' ELSE 'closed' END),
            a.ids[1 + g % array_length(a.ids, 1)], t, t + interval '5 min', t + interval '2 h', t + interval '1 day', 'restored', t, t
     FROM generate_series(1, $1::int) AS g, a, LATERAL (SELECT now() - g * interval '47 seconds' AS t) AS opened`,
    [INCIDENTS]
  )
  await c.query(
    `WITH l AS (SELECT array_agg(id ORDER BY id) AS ids FROM links)
     INSERT INTO incident_items (incident_id, item_type, item_id)
     SELECT i.id, 'link', l.ids[1 + i.id % array_length(l.ids, 1)] FROM incidents i, l WHERE i.number LIKE 'INC-B%'`
  )
  await c.query('ANALYZE')
  await c.end()
  console.log(`built ${DB}: demo + ${INCIDENTS.toLocaleString('en')} incidents in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

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

/**
 * Waits until the bench database runs no query: a run that overloaded a server leaves queries
 * behind it (their clients gave up, PostgreSQL did not), which would be charged to the next run.
 */
async function settle() {
  const c = client()
  await c.connect()
  for (let i = 0; i < 120; i++) {
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`, [DB])
    if (rows[0].n === 0) break
    await sleep(500)
  }
  await c.end()
}

async function waitFor(port: number, path: string) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path }, (res) => {
        res.resume()
        resolve(res.statusCode! < 500)
      })
      req.on('error', () => resolve(false))
      req.end()
    })
    if (ok) return
    await sleep(250)
  }
  throw new Error(`nothing answers on ${port}`)
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

interface Server {
  port: number
  headers: Record<string, string>
  pid: number
}

interface Run {
  rps: number
  /** CPU milliseconds the server spent per answer: what load from other processes does not change much. */
  cpuMs: number
  p50: number
  p95: number
  p99: number
  errors: number
}

/** One autocannon run; latencies are kept whole (autocannon's own table has no p95). */
async function load(server: Server, path: string, connections: number, rate?: number): Promise<Run> {
  const { port, headers, pid } = server
  await settle()
  const latencies: number[] = []
  const cpuBefore = cpuSeconds(pid)
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}${path}`,
        headers,
        connections,
        duration: DURATION * (rate ? 2 : 1),
        timeout: 10,
        ...(rate ? { overallRate: rate } : {}),
      },
      (error, outcome) => (error ? reject(error) : resolve(outcome))
    )
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms))
  })
  const cpu = cpuSeconds(pid) - cpuBefore
  latencies.sort((a, b) => a - b)
  return {
    rps: result.requests.total / result.duration,
    cpuMs: (1000 * cpu) / Math.max(1, result.requests.total),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts + result.non2xx,
  }
}

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

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–')

// ---------------------------------------------------------------------------------------------
if (process.argv.includes('--reuse') && (await builtIncidents()) === INCIDENTS) {
  const migrate = spawnSync('node', ['ace', 'migration:run', '--force', '--connection', 'owner'], { cwd: ROOT, env: process.env, encoding: 'utf8' })
  if (migrate.status !== 0) throw new Error(`migration failed: ${migrate.stderr || migrate.stdout}`)
  console.log(`reusing ${DB}`)
} else await build()
const { token, linkId, incidentId } = await prepare()
const auth = { authorization: `Bearer ${token}` }

if (process.argv.includes('--profile')) mkdirSync(PROFILE_DIR, { recursive: true })
const profile = process.argv.includes('--profile') ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : []
const api = start('api', [...profile, '--import=@poppinss/ts-exec', 'bin/server.ts'])
const reference = start('reference', ['bench/api_load_reference.ts', String(REFERENCE_PORT)])
// The board's counts are kept by a monitoring worker, as in use; no collector feeds it here.
if (!process.argv.includes('--no-worker')) start('monitoring', ['ace', 'monitoring:work', '--no-sync'])
await waitFor(PORT, '/api/health')
await waitFor(REFERENCE_PORT, '/api/links')
const ours: Server = { port: PORT, headers: auth, pid: api.pid! }
const bare: Server = { port: REFERENCE_PORT, headers: {}, pid: reference.pid! }

const range = encodeURIComponent('[0,24]')
const targets: Array<{ name: string; path: string; reference: boolean }> = [
  { name: 'links list', path: `/api/links?range=${range}`, reference: true },
  { name: 'incidents list', path: `/api/incidents?range=${range}`, reference: true },
  { name: 'devices list', path: `/api/devices?range=${range}`, reference: true },
  { name: 'link show', path: `/api/links/${linkId}`, reference: true },
  { name: 'incident show', path: `/api/incidents/${incidentId}`, reference: true },
  { name: 'board summary', path: '/api/link_states/summary', reference: true },
  { name: 'overview', path: '/api/overview', reference: false },
  { name: 'traffic 24h', path: `/api/links/${linkId}/traffic?range=24h`, reference: true },
]

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

console.log(`\nopen loop: ${RATE} req/s offered over 100 connections for ${DURATION * 2} s; latency ms (goal: p95 ≤ 50)`)
console.log('| request | ours req/s | p50 | p95 | p99 | errors | reference p95 |')
console.log('| --- | --- | --- | --- | --- | --- | --- |')
for (const t of targets) {
  const o = await load(ours, t.path, 100, RATE)
  const r = t.reference ? await load(bare, t.path, 100, RATE) : null
  console.log(`| ${t.name} | ${f(o.rps)} | ${f(o.p50, 1)} | ${f(o.p95, 1)} | ${f(o.p99, 1)} | ${o.errors} | ${r ? f(r.p95, 1) : '–'} |`)
}

const exported = await exportTimes(ours, '/api/incidents/export.csv')
const exportedBare = await exportTimes(bare, '/api/incidents/export.csv')
console.log(
  `\nCSV export of ${INCIDENTS.toLocaleString('en')}+ incidents, median of 15: first byte ${f(exported.first, 1)} ms (reference ${f(exportedBare.first, 1)} ms), first 4 KiB of rows ${f(exported.rows, 1)} ms (reference ${f(exportedBare.rows, 1)} ms)`
)

api.kill('SIGTERM')
for (const c of children) if (c !== api) c.kill('SIGTERM')
await new Promise((resolve) => api.once('exit', resolve))
if (profile.length) console.log(`CPU profile of the API server in ${PROFILE_DIR}`)
process.exit(0)
