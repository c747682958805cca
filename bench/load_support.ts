/**
 * What the HTTP load benches share (api_load.ts, incidents_volume.ts): the database of the demo
 * plus a million incidents, autocannon runs that also read the server's CPU time, and the waits
 * that keep one run from being charged for the last.
 */
import { spawnSync } from 'node:child_process'
import { Agent, request } from 'node:http'
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import pg from 'pg'
import { ROOT, recreateDatabase } from './support.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export const pgClient = (database: string) =>
  new pg.Client({ host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 5432), user: process.env.DB_USER ?? 'postgres', database })

/** How many bulk incidents the database holds, or null when there is no such database. */
export async function builtIncidents(database: string): Promise<number | null> {
  const c = pgClient(database)
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

/** The demo, then the incidents of a few busy years in one statement, each naming a link. */
export async function buildIncidents(database: string, incidents: number) {
  const started = performance.now()
  await recreateDatabase(database)
  const seed = spawnSync('node', ['ace', 'demo:seed'], { cwd: ROOT, env: { ...process.env, DB_DATABASE: database }, encoding: 'utf8' })
  if (seed.status !== 0) throw new Error(`demo:seed failed: ${seed.stderr || seed.stdout}`)
  const c = pgClient(database)
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
    [incidents]
  )
  await c.query(
    `WITH l AS (SELECT array_agg(id ORDER BY id) AS ids FROM links)
     INSERT INTO incident_items (incident_id, item_type, item_id)
     SELECT i.id, 'link', l.ids[1 + i.id % array_length(l.ids, 1)] FROM incidents i, l WHERE i.number LIKE 'INC-B%'`
  )
  await c.query('ANALYZE')
  await c.end()
  console.log(`built ${database}: demo + ${incidents.toLocaleString('en')} incidents in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

/** Migrations added since the database was built, so a reused one has today's schema. */
export function migrate(database: string) {
  const run = spawnSync('node', ['ace', 'migration:run', '--force', '--connection', 'owner'], { cwd: ROOT, env: { ...process.env, DB_DATABASE: database }, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`migration failed: ${run.stderr || run.stdout}`)
}

/**
 * Waits until the bench database runs no query: a run that overloaded a server leaves queries
 * behind it (their clients gave up, PostgreSQL did not), which would be charged to the next run.
 */
export async function settle(database: string) {
  const c = pgClient(database)
  await c.connect()
  for (let i = 0; i < 120; i++) {
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`, [database])
    if (rows[0].n === 0) break
    await sleep(500)
  }
  await c.end()
}

/** Waits for a server to answer: up to 3 minutes, as booting one takes more than a minute on a machine loaded by others. */
export async function waitFor(port: number, path: string) {
  for (let i = 0; i < 720; i++) {
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

/**
 * CPU seconds (user + system) a process and its live children have used so far, from /proc: a
 * server run as a cluster (bench/cluster_server.ts) works in its children.
 */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  const own = (Number(fields[11]) + Number(fields[12])) / 100
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
  return children.reduce((sum, child) => sum + cpuSeconds(Number(child)), own)
}

export function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

export interface Server {
  port: number
  headers: Record<string, string>
  pid: number
}

export interface Run {
  rps: number
  /** CPU milliseconds the server spent per answer: what load from other processes does not change much. */
  cpuMs: number
  p50: number
  p95: number
  p99: number
  errors: number
}

/**
 * An open-loop run: `rate` requests a second for `duration` seconds, each sent at its own instant
 * (one every 1/rate s) over at most `connections` kept-alive sockets, its latency counted from that
 * instant (a request that waits for a free socket waits in the figure, as a client would).
 * autocannon's `overallRate` is not this: each connection sends its quota for the second
 * back to back when its one-second timer fires, and the timers of all connections start
 * together, so "200 requests/s over 100 connections" arrives as a burst of 100 and then 100 more at
 * the top of each second, and its p95 is the time to drain the burst.
 */
export async function paced(database: string, server: Server, path: string, connections: number, duration: number, rate: number): Promise<Run> {
  const { port, headers, pid } = server
  await settle(database)
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const latencies: number[] = []
  let errors = 0
  const cpuBefore = cpuSeconds(pid)
  const start = performance.now() + 50
  const answers: Promise<void>[] = []
  for (let i = 0; i < Math.round(rate * duration); i++) {
    const due = start + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    answers.push(
      new Promise<void>((resolve) => {
        const sent = request({ host: '127.0.0.1', port, path, headers, agent, timeout: 10_000 }, (answer) => {
          answer.resume()
          answer.on('end', () => {
            latencies.push(performance.now() - due)
            if ((answer.statusCode ?? 500) >= 300) errors++
            resolve()
          })
        })
        sent.on('timeout', () => sent.destroy(new Error('timeout')))
        sent.on('error', () => {
          errors++
          resolve()
        })
        sent.end()
      })
    )
  }
  await Promise.all(answers)
  const seconds = (performance.now() - start) / 1000
  agent.destroy()
  const cpu = cpuSeconds(pid) - cpuBefore
  latencies.sort((a, b) => a - b)
  return {
    rps: latencies.length / seconds,
    cpuMs: (1000 * cpu) / Math.max(1, latencies.length),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors,
  }
}

/** One autocannon run against `server`, once `database` is quiet; latencies are kept whole (autocannon's own table has no p95). */
export async function load(database: string, server: Server, path: string, connections: number, duration: number): Promise<Run> {
  const { port, headers, pid } = server
  await settle(database)
  const latencies: number[] = []
  const cpuBefore = cpuSeconds(pid)
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}${path}`,
        headers,
        connections,
        duration,
        timeout: 10,
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

/** A figure with thousands separators, or a dash for none. */
export const figure = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–'
