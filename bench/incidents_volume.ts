/**
 * The service desk at volume, with 1,000,000 incidents in the table:
 *  1. incidents opened through the incident service (openIncident: number, routing to a group,
 *     items, audit, timeline, stored SLA instants; one transaction each) and moved through it by
 *     a person's commands (runCommand: assign, start, hold, start, resolve, close), --concurrency
 *     at once, in this process: incidents opened/s and commands/s, and this process's CPU per one;
 *  2. the queues people work from at 10 and 100 connections (autocannon, bearer token): a group's
 *     queue (`GET /api/assignment_groups/:id/queue`), `My queue` (the incident list filtered to
 *     the reader's open incidents, as the UI's menu asks it) and the first page of the whole list,
 *     beside the bare `node:http` + `pg` reference (bench/api_load_reference.ts) running the same
 *     SQL (capped count, page, items) with nothing else, as a ratio;
 *  3. the SLA clock (app/service_levels/sla_clock.ts, the plain function) per incident, on the
 *     demo's policies and office calendar, for histories of one to six moves.
 *
 *   PATH=/work/main/node_modules/.bin:$PATH node --import=@poppinss/ts-exec bench/incidents_volume.ts
 *     [--incidents 1000000] [--open 1500] [--concurrency 8] [--duration 5] [--reuse]
 *   (BENCH_DB=gsn_bench_incidents is recreated unless --reuse finds it built with as many
 *    incidents, as bench/api_load.ts builds them; BENCH_REDIS_DB=9; BENCH_PORT=4430 and the next)
 */
import { benchProcesses, bootConsole, option } from './support.ts'
import { buildIncidents, builtIncidents, figure as f, load, migrate, waitFor, type Server } from './load_support.ts'

const DB = process.env.BENCH_DB ?? 'gsn_bench_incidents'
const PORT = Number(process.env.BENCH_PORT ?? 4430)
const REFERENCE_PORT = PORT + 1
const INCIDENTS = option('incidents', 1_000_000)
const OPEN = option('open', 1500)
const CONCURRENCY = option('concurrency', 8)
const DURATION = option('duration', 5)
const CLOCKS = 20_000
const OPEN_STATUSES = ['new', 'assigned', 'in_progress', 'on_hold']

process.env.DB_DATABASE = DB
process.env.REDIS_DB = process.env.BENCH_REDIS_DB ?? '9'
process.env.QUEUE_PREFIX = `gsn-bench-incidents-${process.pid}`
process.env.NODE_ENV = 'development'
process.env.LOG_LEVEL = 'warn'
process.env.HOST = '127.0.0.1'
process.env.PORT = String(PORT)

if (process.argv.includes('--reuse') && (await builtIncidents(DB)) === INCIDENTS) {
  migrate(DB)
  console.log(`reusing ${DB}`)
} else await buildIncidents(DB, INCIDENTS)

/** `count` jobs, `CONCURRENCY` at a time; wall seconds and this process's CPU milliseconds. */
async function inParallel(count: number, job: (i: number) => Promise<number>) {
  let next = 0
  let done = 0
  const cpu = process.cpuUsage()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const finished = await job(next++)
        done += finished
      }
    })
  )
  const used = process.cpuUsage(cpu)
  return { done, seconds: (performance.now() - started) / 1000, cpuMs: (used.user + used.system) / 1000 }
}

// ---------------------------------------------------------------------------------------------
// 1. Through the incident service.
const app = await bootConsole()
const db = (await import('@adonisjs/lucid/services/db')).default
const { default: User } = await import('#app/access/user')
const { openIncident, runCommand } = await import('#app/incidents/incident_service')
const { loadTerms } = await import('#app/service_levels/sla_terms')
const { slaClock, PRIORITIES } = await import('#app/service_levels/sla_clock')

const noc =
  (await User.findBy('email', 'bench-noc@gsn.test')) ??
  (await User.create({ email: 'bench-noc@gsn.test', fullName: 'Bench NOC', password: 'bench-password-1', role: 'noc', agencyId: null, locale: 'en', active: true }))
const token = (await User.accessTokens.create(noc, ['*'], { name: 'bench' })).value!.release()
const links: Array<{ id: number; agency_id: number }> = await db.from('links').select('id', 'agency_id').orderBy('id').limit(OPEN)
const opened: number[] = []

const opening = await inParallel(OPEN, async (i) => {
  const link = links[i % links.length]
  const row = await db.transaction((trx) =>
    openIncident(trx, {
      title: `Bench line ${link.id} down`,
      description: null,
      type: 'service',
      priority: (['P1', 'P2', 'P3', 'P4'] as const)[i % 4],
      agencyId: link.agency_id,
      items: [{ item_type: 'link', item_id: link.id }],
      at: new Date(),
    })
  )
  opened.push(row.id)
  return 1
})

// Two in three are worked to the end; the others stay assigned to the bench's NOC operator.
const WORKED = [
  { command: 'assign', assigneeId: noc.id },
  { command: 'start' },
  { command: 'hold', reason: 'supplier' },
  { command: 'start' },
  { command: 'resolve', resolution: 'restored by the carrier' },
  { command: 'close' },
] as const
const moving = await inParallel(opened.length, async (i) => {
  const commands = i % 3 === 2 ? WORKED.slice(0, 1) : WORKED
  for (const body of commands) {
    if (!(await runCommand(noc, opened[i], body as any))) throw new Error(`incident ${opened[i]} not found`)
  }
  return commands.length
})

const { rows: busiest } = await db.rawQuery(
  `SELECT group_id, count(*)::int AS n FROM incidents WHERE status = ANY(?) AND group_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  [OPEN_STATUSES]
)
const mine = await db.from('incidents').where('assignee_id', noc.id).whereIn('status', OPEN_STATUSES).count('* as n')

// 3. The SLA clock per incident: histories of one to six moves over the last month, both calendars.
const terms = await loadTerms()
const now = new Date()
const HOUR = 3600_000
const histories = Array.from({ length: CLOCKS }, (_, i) => {
  const openedAt = new Date(now.getTime() - ((i * 7919) % (30 * 24)) * HOUR - (i % 3600) * 1000)
  const moves = (['assigned', 'in_progress', 'on_hold', 'in_progress', 'resolved', 'closed'] as const).slice(0, 1 + (i % 6))
  return { openedAt, changes: moves.map((to, k) => ({ at: new Date(openedAt.getTime() + (k + 1) * ((i % 7) + 1) * HOUR), to })) }
})
const clockRuns: string[] = []
for (const calendar of ['24x7', 'business'] as const) {
  const policies = PRIORITIES.map((p) => terms.policyOf('service', p)).filter((p) => p !== null)
  const policy = { ...(policies[0] ?? { id: 0, type: 'service', priority: 'P3', respondMinutes: 30, resolveMinutes: 480 }), calendar }
  // Twice: the office calendar works out each day once and keeps it (business_calendar.ts).
  for (const pass of ['first', 'again']) {
    const started = performance.now()
    let breached = 0
    for (const history of histories) breached += slaClock(policy as any, terms.business, history, now).resolve_breached ? 1 : 0
    const us = ((performance.now() - started) * 1000) / CLOCKS
    clockRuns.push(`| ${calendar} (${policy.respondMinutes}/${policy.resolveMinutes} min) | ${pass} | ${f(us, 1)} | ${breached} |`)
  }
}
await app.terminate()

console.log(`\nthrough the incident service, ${CONCURRENCY} at a time, ${f(INCIDENTS)}+ incidents in the table`)
console.log('| what | count | seconds | per second | bench process CPU ms each |')
console.log('| --- | --- | --- | --- | --- |')
console.log(`| incidents opened | ${opening.done} | ${f(opening.seconds, 1)} | ${f(opening.done / opening.seconds, 1)} | ${f(opening.cpuMs / opening.done, 2)} |`)
console.log(`| commands (assign, start, hold, start, resolve, close) | ${moving.done} | ${f(moving.seconds, 1)} | ${f(moving.done / moving.seconds, 1)} | ${f(moving.cpuMs / moving.done, 2)} |`)

console.log(`\nSLA clock per incident (${f(CLOCKS)} histories of 1–6 moves)`)
console.log('| policy | pass | µs per incident | resolve breached |')
console.log('| --- | --- | --- | --- |')
for (const line of clockRuns) console.log(line)

// ---------------------------------------------------------------------------------------------
// 2. The queues over HTTP, beside the bare reference.
const { children, start } = benchProcesses()
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130))
const api = start('api', ['--import=@poppinss/ts-exec', 'bin/server.ts'])
const reference = start('reference', ['bench/api_load_reference.ts', String(REFERENCE_PORT)])
await waitFor(PORT, '/api/health')
await waitFor(REFERENCE_PORT, '/api/links')
const ours: Server = { port: PORT, headers: { authorization: `Bearer ${token}` }, pid: api.pid! }
const bare: Server = { port: REFERENCE_PORT, headers: {}, pid: reference.pid! }

const range = encodeURIComponent('[0,24]')
const myQueue = encodeURIComponent(JSON.stringify({ assignee_id: noc.id, status: OPEN_STATUSES }))
const targets = [
  { name: `group queue (${busiest[0]?.n ?? 0} open)`, path: `/api/assignment_groups/${busiest[0]?.group_id ?? 0}/queue?range=${range}` },
  { name: `My queue (${mine[0].n} open)`, path: `/api/incidents?filter=${myQueue}&sort=${encodeURIComponent('["sla_due_at","ASC"]')}&range=${range}` },
  { name: 'incidents list', path: `/api/incidents?range=${range}` },
]
for (const t of targets) {
  await load(DB, ours, t.path, 4, 2)
  await load(DB, bare, t.path, 4, 2)
}
console.log(`\nqueues and list, closed loop, ${DURATION} s per run; reference = bare node:http + pg, same SQL`)
console.log('| request | conns | ours req/s | p50 ms | p99 ms | CPU ms | errors | reference req/s | CPU ms | ratio |')
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for (const t of targets) {
  for (const connections of [10, 100]) {
    const o = await load(DB, ours, t.path, connections, DURATION)
    const r = await load(DB, bare, t.path, connections, DURATION)
    console.log(
      `| ${t.name} | ${connections} | ${f(o.rps)} | ${f(o.p50, 1)} | ${f(o.p99, 1)} | ${f(o.cpuMs, 2)} | ${o.errors} | ${f(r.rps)} | ${f(r.cpuMs, 2)} | ${f((100 * o.rps) / r.rps)}% |`
    )
  }
}

for (const c of children) c.kill('SIGTERM')
await new Promise((resolve) => api.once('exit', resolve))
process.exit(0)
