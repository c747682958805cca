/**
 * Scale: 17,485 links on 500 SNMP agents, polled every 60 s by ONE collector process, through the
 * real pipeline (BullMQ job schedulers → collector → link-samples → monitoring worker → PostgreSQL),
 * with Net-SNMP's snmpbulkwalk doing the same polling in the same run for a ratio.
 *
 *   PATH=/work/main/node_modules/.bin:$PATH node --import=@poppinss/ts-exec bench/poll_scale.ts
 *     [--agents 500] [--links 17485] [--interval 60] [--cycles 3] [--concurrency 64]
 *     [--no-monitoring] [--no-reference]
 *   (BENCH_DB=gsn_bench_pipeline is recreated; BENCH_REDIS_DB=13; needs root for namespaces)
 *
 * The agents are real Net-SNMP snmpd processes, one per network namespace, each namespace with
 * its share of the links as ifb interfaces (35 or 34; `dummy` is not available on this kernel)
 * and one veth to a bridge in the root namespace (10.213.0.0/16), so the collector reaches 500
 * distinct agent addresses over UDP. snmpd's interface cache is raised to 10 minutes over SNMP
 * (NET-SNMP-AGENT-MIB nsCacheTimeout) so 500 agents do not rebuild it every 3 s between polls.
 *
 * All devices are put on the same slot of the interval ("aligned" phase): each cycle is a burst
 * of 500 polls at once, the worst case (the default "spread" phase polls ~8 devices a second).
 * Measured per cycle: completion (slot → last report queued), collector CPU over the interval
 * (process.cpuUsage of this process, which runs the collector and nothing else busy), the
 * monitoring worker's CPU (a child `node ace monitoring:work`, from /proc) and when the last
 * link sample of the cycle was in PostgreSQL.
 *
 * References (net_snmp_reference.ts), sysUpTime and the same 14 IF-MIB columns on every agent, as
 * many processes at once as the collector's concurrency, CPU the children's (cutime + cstime of
 * /proc/self/stat): snmpbulkwalk -Cr50, one process per column as it walks one subtree per run;
 * and snmpbulkget asking every column at once, repeated from the last OIDs until the table ends
 * (one process per request: about 6 per agent of 35 links, as snmpd answers at most 100 varbinds).
 * Our collector is one process started before timing, so after each reference as many launch
 * probes as it started are timed the same way, and the ratios are printed raw and with that
 * launch cost taken out. Ours reads the bound interfaces with GETs, the references walk the whole
 * table (2 rows more per agent: lo and the uplink): CPU is compared per value.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ROOT, bootConsole, median, option, recreateDatabase } from './support.ts'
import { bulkgetColumns, bulkwalkEach, launchProbe, type NetSnmpAgent, type NetSnmpTool, type ReferenceRead } from './net_snmp_reference.ts'

const run = promisify(execFile)

const AGENTS = option('agents', 500)
const LINKS = option('links', 17_485)
const INTERVAL_S = option('interval', 60)
const CYCLES = option('cycles', 3)
const CONCURRENCY = option('concurrency', 64)
const WITH_MONITORING = !process.argv.includes('--no-monitoring')
const WITH_REFERENCE = !process.argv.includes('--no-reference')
const DB = process.env.BENCH_DB ?? 'gsn_bench_pipeline'
const COMMUNITY = 'gsn-bench-ro'
const CACHE_COMMUNITY = 'gsn-bench-cache'
const TAG = String(process.pid % 100_000)

process.env.DB_DATABASE = DB
process.env.REDIS_DB = process.env.BENCH_REDIS_DB ?? '13'
process.env.QUEUE_PREFIX = `gsn-bench-${process.pid}`
process.env.NODE_ENV = 'development'
process.env.LOG_LEVEL = 'warn'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const CLK_TCK = 100
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

/** user + system CPU ticks of a process, and of its waited-for children. */
function procTimes(pid: number | 'self') {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  // After "pid (comm) ": state is field 3, so utime (14) is index 11, stime 12, cutime 13, cstime 14.
  return { own: (Number(fields[11]) + Number(fields[12])) / CLK_TCK, children: (Number(fields[13]) + Number(fields[14])) / CLK_TCK }
}

// ---------------------------------------------------------------------------------------------
// The agents: one namespace and one snmpd each.

interface Agent {
  index: number
  namespace: string
  rootLink: string
  address: string
  dir: string
  ifIndexes: number[]
  pid: number | null
}

const bridge = `gbr${TAG}`
const work = mkdtempSync(join(tmpdir(), `gsn-bench-scale-${TAG}-`))
const agents: Agent[] = []
let cleaned = false

function cleanupSync() {
  if (cleaned) return
  cleaned = true
  for (const agent of agents) {
    if (agent.pid) {
      try {
        process.kill(agent.pid, 'SIGKILL')
      } catch {}
    }
  }
  for (const agent of agents) {
    try {
      execFileSync('ip', ['netns', 'del', agent.namespace], { stdio: 'ignore' })
    } catch {}
  }
  try {
    execFileSync('ip', ['link', 'del', bridge], { stdio: 'ignore' })
  } catch {}
  rmSync(work, { recursive: true, force: true })
}
process.on('exit', cleanupSync)
process.on('SIGINT', () => process.exit(130))
process.on('SIGTERM', () => process.exit(143))

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++])
    })
  )
}

async function buildAgents() {
  const started = performance.now()
  await run('ip', ['link', 'add', bridge, 'type', 'bridge'])
  await run('ip', ['addr', 'add', '10.213.0.1/16', 'dev', bridge])
  await run('ip', ['link', 'set', bridge, 'up'])
  for (let i = 0; i < AGENTS; i++) {
    const count = Math.floor(LINKS / AGENTS) + (i < LINKS % AGENTS ? 1 : 0)
    const dir = join(work, `a${i}`)
    mkdirSync(join(dir, 'state'), { recursive: true })
    agents.push({
      index: i,
      namespace: `gsnb${TAG}-${i}`,
      rootLink: `gb${TAG}v${i}`.slice(0, 15),
      address: `10.213.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`,
      dir,
      ifIndexes: new Array(count),
      pid: null,
    })
  }
  // Namespaces and their uplinks in one root batch; the insides of each namespace in its own.
  const rootBatch: string[] = []
  for (const a of agents) {
    rootBatch.push(`netns add ${a.namespace}`)
    rootBatch.push(`link add ${a.rootLink} type veth peer name uplink netns ${a.namespace}`)
    rootBatch.push(`link set ${a.rootLink} master ${bridge}`, `link set ${a.rootLink} up`)
  }
  writeFileSync(join(work, 'root.batch'), rootBatch.join('\n') + '\n')
  await run('ip', ['-batch', join(work, 'root.batch')], { maxBuffer: 64 << 20 })
  await inParallel(agents, 8, async (a) => {
    const lines = ['link set dev lo up', `addr add ${a.address}/16 dev uplink`, 'link set dev uplink up']
    for (let k = 0; k < a.ifIndexes.length; k++) lines.push(`link add p${k} type ifb`, `link set dev p${k} up`)
    writeFileSync(join(a.dir, 'ns.batch'), lines.join('\n') + '\n')
    await run('ip', ['-n', a.namespace, '-batch', join(a.dir, 'ns.batch')])
    const { stdout } = await run('ip', ['-n', a.namespace, '-o', 'link', 'show'])
    for (const m of stdout.matchAll(/^(\d+): p(\d+):/gm)) a.ifIndexes[Number(m[2])] = Number(m[1])
  })
  const networkMs = performance.now() - started

  const conf = [
    `rocommunity ${COMMUNITY} default`,
    'view benchcache included .1.3.6.1.4.1.8072.1.5',
    `rwcommunity ${CACHE_COMMUNITY} default -V benchcache`,
  ].join('\n')
  const { default: snmp } = await import('net-snmp')
  // Started a few at a time, each made to keep its interface cache for 10 minutes as soon as it
  // answers: with the default 3 s, 500 agents rebuilding 36 interfaces each take most of this
  // machine (measured: about 1.6 ms of CPU per agent per second, growing with the agent count).
  await inParallel(agents, 4, async (a) => {
    writeFileSync(join(a.dir, 'snmpd.conf'), conf + '\n')
    // Daemonised (no -f): `ip netns exec` returns once snmpd has forked; its pid is in the pid file.
    // Only the MIB modules a poll reads are loaded (-I), so no other table reloads in the background.
    await run(
      'ip',
      ['netns', 'exec', a.namespace, 'snmpd', '-C', '-c', join(a.dir, 'snmpd.conf'), '-I', 'system_mib,interfaces,ifTable,ifXTable,vacm_conf,nsCache',
        '-Lf', join(a.dir, 'snmpd.log'), '-p', join(a.dir, 'snmpd.pid'), `udp:${a.address}:161`],
      { env: { ...process.env, MIBS: '', SNMP_PERSISTENT_DIR: join(a.dir, 'state') } }
    )
    const deadline = Date.now() + 60_000
    while (true) {
      const session = snmp.createSession(a.address, CACHE_COMMUNITY, { version: snmp.Version2c, timeout: 500, retries: 0 })
      try {
        await new Promise<void>((ok, fail) =>
          session.set(
            [{ oid: '1.3.6.1.4.1.8072.1.5.3.1.2.1.3.6.1.2.1.2.2', type: snmp.ObjectType.Integer, value: 600 }],
            (error) => (error ? fail(error) : ok())
          )
        )
        break
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`snmpd in ${a.namespace} never answered: ${(error as Error).message}`)
        await sleep(100)
      } finally {
        session.close()
      }
    }
    if (existsSync(join(a.dir, 'snmpd.pid'))) a.pid = Number(readFileSync(join(a.dir, 'snmpd.pid'), 'utf8').trim()) || null
  })
  return { networkMs, totalMs: performance.now() - started }
}

// ---------------------------------------------------------------------------------------------
// The inventory: a bench database with the 500 devices and 17,485 links bound to the ifbs.


const built = await buildAgents()
console.log(`agents: ${AGENTS} snmpd in ${AGENTS} namespaces, ${LINKS} ifb interfaces; network ${seconds(built.networkMs)}, all answering after ${seconds(built.totalMs)}`)

await recreateDatabase(DB)
const app = await bootConsole()

const db = (await import('@adonisjs/lucid/services/db')).default
const { sealCredentials } = await import('#app/devices/snmp_credentials')
const { PollSchedule } = await import('#collectors/polling/schedule')
const { startCollector } = await import('#app/monitoring/processes')
const { defaultSite } = await import('#app/platform/queues')
const { IF_COLUMNS, SYS_UPTIME } = await import('#collectors/snmp/interfaces')

const [agency] = await db
  .table('agencies')
  .insert({ code: 'BENCH', name: '效能測試機關', level: 2, kind: 'central', region: 'north', path: '/' })
  .returning('id')
const agencyId = agency.id ?? agency
await db.from('agencies').where('id', agencyId).update({ path: `/${agencyId}/` })
const sealed = sealCredentials({ version: '2c', community: COMMUNITY })
const deviceIds: number[] = []
for (let i = 0; i < agents.length; i += 250) {
  const rows = await db
    .table('devices')
    .multiInsert(
      agents.slice(i, i + 250).map((a) => ({
        hostname: `bench-${a.index}`,
        kind: 'router',
        management_address: a.address,
        region: 'north',
        agency_id: agencyId,
        snmp_version: '2c',
        snmp_port: 161,
        snmp_credentials: sealed,
        poll_interval_s: INTERVAL_S,
      }))
    )
    .returning('id')
  deviceIds.push(...rows.map((r: any) => r.id ?? r))
}
let circuit = 0
const linkRows = agents.flatMap((a, i) =>
  a.ifIndexes.map((ifIndex) => ({
    circuit_id: `GSN-B-${String(++circuit).padStart(6, '0')}`,
    name: `效能線路 ${circuit}`,
    kind: 'legacy',
    agency_id: agencyId,
    a_end: '機關端',
    z_end: 'GSN-BENCH',
    bandwidth_kbps: 10_240,
    device_id: deviceIds[i],
    if_index: ifIndex,
    status: 'active',
  }))
)
for (let i = 0; i < linkRows.length; i += 2000) await db.table('links').multiInsert(linkRows.slice(i, i + 2000))
console.log(`inventory: ${deviceIds.length} devices, ${linkRows.length} links in ${DB}`)

// ---------------------------------------------------------------------------------------------
// The pipeline: schedule (aligned), the collector here, the monitoring worker as a child.

const site = defaultSite()
const schedule = new PollSchedule(site, { phase: 'aligned' })
let monitor: ChildProcess | null = null
if (WITH_MONITORING) {
  monitor = spawn(process.execPath, ['ace', 'monitoring:work', '--no-sync'], { cwd: ROOT, env: process.env, stdio: ['ignore', 'inherit', 'inherit'] })
  await sleep(3000)
}
const collector = startCollector({ site, concurrency: CONCURRENCY })
const reports: Array<{ slot: number; done: number; result: string; late: boolean; values: number }> = []
collector.on('report', (r) => reports.push({ slot: r.scheduledAt, done: Date.now(), result: r.result, late: r.late, values: r.values }))
collector.on('error', (e) => console.error(`collector: ${(e as Error).message}`))

const everyMs = INTERVAL_S * 1000
await schedule.sync(deviceIds.map((deviceId) => ({ deviceId, intervalS: INTERVAL_S })))
const firstSlot = Math.ceil(Date.now() / everyMs) * everyMs
console.log(`schedule: ${deviceIds.length} job schedulers, every ${INTERVAL_S} s, all on the slot; first at ${new Date(firstSlot).toISOString()}`)

interface Cycle {
  cycle: number
  polls: number
  ok: number
  failed: number
  late: number
  skipped: number
  values: number
  completionMs: number
  p50Ms: number
  collectorCpuS: number
  collectorCores: number
  monitoringCpuS: number | null
  samplesInDbMs: number | null
  samples: number | null
}
const cycles: Cycle[] = []
await sleep(Math.max(0, firstSlot - Date.now() - 50))
for (let k = 0; k < CYCLES; k++) {
  const slot = firstSlot + k * everyMs
  await sleep(Math.max(0, slot - Date.now()))
  const cpu0 = process.cpuUsage()
  const monitorCpu = () => (monitor?.pid && monitor.exitCode === null ? procTimes(monitor.pid).own : null)
  const mon0 = monitorCpu()
  let samplesInDbMs: number | null = null
  let samples: number | null = null
  while (Date.now() < slot + everyMs - 300) {
    if (WITH_MONITORING && samplesInDbMs === null) {
      const [{ n }] = await db.from('link_samples').where('at', '>=', new Date(slot)).where('at', '<', new Date(slot + everyMs)).count('* as n')
      samples = Number(n)
      if (samples >= linkRows.length) samplesInDbMs = Date.now() - slot
    }
    await sleep(500)
  }
  const used = process.cpuUsage(cpu0)
  const mon1 = monitorCpu()
  const mine = reports.filter((r) => r.slot === slot)
  const latencies = mine.map((r) => r.done - slot).sort((a, b) => a - b)
  const cpuS = (used.user + used.system) / 1e6
  cycles.push({
    cycle: k + 1,
    polls: mine.length,
    ok: mine.filter((r) => r.result === 'ok').length,
    failed: mine.filter((r) => r.result === 'failed').length,
    late: mine.filter((r) => r.late).length,
    skipped: mine.filter((r) => r.result === 'skipped').length,
    values: mine.reduce((n, r) => n + r.values, 0),
    completionMs: latencies.at(-1) ?? NaN,
    p50Ms: latencies[Math.floor(latencies.length / 2)] ?? NaN,
    collectorCpuS: cpuS,
    collectorCores: cpuS / INTERVAL_S,
    monitoringCpuS: mon0 !== null && mon1 !== null ? mon1 - mon0 : null,
    samplesInDbMs,
    samples,
  })
  const c = cycles.at(-1)!
  console.log(
    `cycle ${c.cycle}: ${c.ok}/${c.polls} polls ok (${c.failed} failed, ${c.late} late, ${c.skipped} skipped), ${c.values} values; ` +
      `all polled ${seconds(c.completionMs)} after the slot (median ${seconds(c.p50Ms)}); collector CPU ${c.collectorCpuS.toFixed(2)} s = ${(c.collectorCores * 100).toFixed(1)}% of a core` +
      (c.monitoringCpuS !== null ? `; monitoring worker CPU ${c.monitoringCpuS.toFixed(2)} s, ${c.samples} samples in PostgreSQL ${c.samplesInDbMs === null ? 'not all within the interval' : `${seconds(c.samplesInDbMs)} after the slot`}` : '')
  )
}
await schedule.queue.obliterate({ force: true }).catch(() => {})
await collector.close()
monitor?.kill('SIGTERM')
await schedule.close()

// ---------------------------------------------------------------------------------------------
// Reference: the same agents, the same columns, with snmpbulkwalk.

interface ReferenceRun {
  wallMs: number
  cpuS: number
  values: number
  launches: number
  /** As many launch probes, as many at once: the part of wallMs and cpuS that is starting processes. */
  probeWallMs: number
  probeCpuS: number
}
let references: Record<'bulkwalk' | 'bulkget', ReferenceRun> | null = null
if (WITH_REFERENCE) {
  // The monitoring worker's CPU would land in cutime when it is reaped: let it go first.
  if (monitor && monitor.exitCode === null && monitor.signalCode === null) await new Promise((done) => monitor!.once('exit', done))
  const oids = [SYS_UPTIME, ...Object.values(IF_COLUMNS)]
  const columns = Object.values(IF_COLUMNS)
  const agentOf = (a: Agent): NetSnmpAgent => ({ host: a.address, port: 161, community: COMMUNITY })
  /** Children's wall and CPU time (cutime + cstime: every process has been waited for). */
  async function children<T>(fn: () => Promise<T>) {
    const before = procTimes('self').children
    const t0 = performance.now()
    const value = await fn()
    return { value, wallMs: performance.now() - t0, cpuS: procTimes('self').children - before }
  }
  async function measure(tool: NetSnmpTool, read: () => Promise<ReferenceRead[]>): Promise<ReferenceRun> {
    const got = await children(read)
    const launches = got.value.reduce((n, r) => n + r.launches, 0)
    const probes = Array.from({ length: launches }, (_, i) => agents[i % agents.length])
    const probe = await children(() => inParallel(probes, CONCURRENCY, (a) => launchProbe(tool, agentOf(a))))
    return {
      wallMs: got.wallMs,
      cpuS: got.cpuS,
      values: got.value.reduce((n, r) => n + r.values, 0),
      launches,
      probeWallMs: probe.wallMs,
      probeCpuS: probe.cpuS,
    }
  }
  const bulkwalk = await measure('snmpbulkwalk', async () => {
    const reads: ReferenceRead[] = []
    const jobs = agents.flatMap((a) => oids.map((oid) => ({ a, oid })))
    await inParallel(jobs, CONCURRENCY, async ({ a, oid }) => void reads.push(await bulkwalkEach(agentOf(a), [oid])))
    return reads
  })
  const bulkget = await measure('snmpbulkget', async () => {
    const reads: ReferenceRead[] = []
    await inParallel(agents, CONCURRENCY, async (a) => void reads.push(await bulkgetColumns(agentOf(a), columns, { scalars: [SYS_UPTIME] })))
    return reads
  })
  references = { bulkwalk, bulkget }
  for (const [name, r] of Object.entries(references)) {
    const what = name === 'bulkwalk' ? `snmpbulkwalk -Cr50, one process per column (${oids.length} per agent)` : 'snmpbulkget, every column at once, one process per request'
    console.log(
      `${what}: ${r.launches} processes, ${CONCURRENCY} at once, ${r.values} values in ${seconds(r.wallMs)}, CPU ${r.cpuS.toFixed(2)} s; ` +
        `${r.launches} launch probes: ${seconds(r.probeWallMs)}, CPU ${r.probeCpuS.toFixed(2)} s`
    )
  }
}

const steady = cycles.slice(1).length ? cycles.slice(1) : cycles
const summary = {
  agents: AGENTS,
  links: LINKS,
  intervalS: INTERVAL_S,
  concurrency: CONCURRENCY,
  cycles,
  steady: {
    completionS: median(steady.map((c) => c.completionMs)) / 1000,
    collectorCpuS: median(steady.map((c) => c.collectorCpuS)),
    collectorCores: median(steady.map((c) => c.collectorCores)),
    monitoringCpuS: WITH_MONITORING ? median(steady.map((c) => c.monitoringCpuS ?? NaN)) : null,
  },
  references,
}
console.log('')
console.log(
  `steady cycle: all ${LINKS} links polled ${summary.steady.completionS.toFixed(2)} s after the slot (target 15 s), ` +
    `collector ${summary.steady.collectorCpuS.toFixed(2)} CPU-s per ${INTERVAL_S} s cycle = ${(summary.steady.collectorCores * 100).toFixed(1)}% of a core (target < 50%)`
)
if (references) {
  const values = median(steady.map((c) => c.values))
  const ourCpuPerValue = (summary.steady.collectorCpuS * 1e6) / values
  const ourWallMs = summary.steady.completionS * 1000
  for (const [name, r] of Object.entries(references)) {
    const cpuOut = r.cpuS - r.probeCpuS
    const wallOut = r.wallMs - r.probeWallMs
    const perValue = (cpu: number) => (cpu * 1e6) / r.values
    const times = (theirs: number, mine: number) => (theirs > 0 ? `${(theirs / mine).toFixed(2)}×` : 'n/a (launching is all of it)')
    console.log(
      `ratio: ${name === 'bulkwalk' ? 'snmpbulkwalk per column' : 'snmpbulkget, all columns at once,'} used ${times(perValue(r.cpuS), ourCpuPerValue)} our CPU per value raw ` +
        `(${perValue(r.cpuS).toFixed(1)} vs ${ourCpuPerValue.toFixed(1)} µs), ${times(perValue(cpuOut), ourCpuPerValue)} with launches out (${perValue(cpuOut).toFixed(1)} µs), ` +
        `and took ${times(r.wallMs, ourWallMs)} as long raw (${seconds(r.wallMs)} vs ${seconds(ourWallMs)}), ${times(wallOut, ourWallMs)} with launches out (${seconds(wallOut)})`
    )
  }
}
mkdirSync(join(ROOT, 'bench/out'), { recursive: true })
writeFileSync(join(ROOT, 'bench/out/poll_scale.json'), JSON.stringify(summary, null, 2))
await app.terminate()
cleanupSync()
process.exit(0)
