/**
 * Poll rate: values/s of our poller and of Net-SNMP's command-line tools on the same columns of
 * the same snmpd, in one run, as ratios (the machine's absolute speed drifts from run to run).
 *
 *   node --import=@poppinss/ts-exec bench/snmp_poll_rate.ts [--pairs 1000] [--rounds 5] [--sweep]
 *
 * The lab is one snmpd in a network namespace with 1,000 veth pairs (2,000 interfaces plus lo
 * and the uplink). snmpd rebuilds its interface cache every 3 s at about 0.8 s of CPU for that
 * many interfaces, and a request that arrives during a rebuild waits for it; the bench raises the
 * cache timeout (NET-SNMP-AGENT-MIB nsCacheTimeout) and warms the cache first, so every client
 * measures the protocol path, not the agent's cache rebuilds.
 *
 * Two column sets: the full set our poller reads (14 IF-MIB columns and sysUpTime), and the
 * four columns measured in ../shared/reference/measured-here.md. Two references
 * (net_snmp_reference.ts): snmpbulkwalk -Cr50 once per column, one after another, as there; and
 * snmpbulkget asking every column at once and repeated from the last OIDs, as our poller walks,
 * one process per request. Ours is timed inside a process whose session is already open, theirs
 * around processes that start, so each launch is followed by a launch probe of the same tool,
 * timed apart, and both the raw ratio (medians of the rounds) and the ratio with the probes' time
 * taken out (over all rounds together: the difference of two near sums is too noisy per round on
 * a busy machine) are printed. Rounds alternate between the clients.
 */
import { SnmpLab, LAB_COMMUNITY } from '#tests/support/snmp_lab'
import { SnmpSession } from '#collectors/snmp/session'
import { IF_COLUMNS, SYS_UPTIME, walkColumns, pollDevice } from '#collectors/snmp/interfaces'
import { SnmpPoller } from '#collectors/snmp/poller'
import { median, option } from './support.ts'
import { bulkgetColumns, bulkwalkEach, type NetSnmpAgent, type ReferenceRead } from './net_snmp_reference.ts'

const pairs = option('pairs', 1000)
const rounds = option('rounds', 5)
const sweep = process.argv.includes('--sweep')

const FULL = Object.values(IF_COLUMNS)
const FOUR = [IF_COLUMNS.hcInOctets, IF_COLUMNS.hcOutOctets, IF_COLUMNS.operStatus, IF_COLUMNS.inErrors]

const lab = await SnmpLab.create({ pairs, interfaceCacheSeconds: 3600 })
try {
  const session = new SnmpSession({ host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), timeoutMs: 5000, retries: 1 })
  const poller = new SnmpPoller({ concurrency: 1 })
  const device = { id: 'lab', host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), timeoutMs: 5000, retries: 1 }
  const agent: NetSnmpAgent = { host: lab.host, port: lab.port, community: LAB_COMMUNITY }

  // Warm snmpd's interface cache (the first walk of ~2,000 rows costs it ~0.4 s) and our session.
  await bulkwalkEach(agent, [IF_COLUMNS.operStatus])
  const warm = await pollDevice(session, 'lab')
  if (!warm.ok) throw new Error(`${warm.error.kind}: ${warm.error.message}`)
  const interfaces = warm.snapshot.interfaces.size
  console.log(`lab: ${lab.namespace}, ${pairs} veth pairs, snmpd sees ${interfaces} interfaces`)

  type Sample = Pick<ReferenceRead, 'values' | 'ms' | 'launches' | 'probeMs'>
  const sets = { full: FULL, four: FOUR }
  const ours = { full: [] as Sample[], four: [] as Sample[] }
  const walk = { full: [] as Sample[], four: [] as Sample[] }
  const bulkget = { full: [] as Sample[], four: [] as Sample[] }
  const cpuPerInterface: number[] = []
  for (let round = 0; round < rounds; round++) {
    const cpu = process.cpuUsage()
    const cycle = await poller.pollCycle([device])
    const used = process.cpuUsage(cpu)
    cpuPerInterface.push((used.user + used.system) / interfaces)
    const r = cycle.results[0]
    if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`)
    ours.full.push({ values: r.values, ms: r.durationMs, launches: 0, probeMs: 0 })

    const t0 = performance.now()
    const four = await walkColumns(session, FOUR, { scalars: [SYS_UPTIME] })
    ours.four.push({ values: four.values, ms: performance.now() - t0, launches: 0, probeMs: 0 })

    for (const [name, columns] of Object.entries(sets) as Array<['full' | 'four', string[]]>) {
      walk[name].push(await bulkwalkEach(agent, [SYS_UPTIME, ...columns], { pairedProbes: true }))
      bulkget[name].push(await bulkgetColumns(agent, columns, { scalars: [SYS_UPTIME], pairedProbes: true }))
    }
  }

  const rate = (s: Sample) => (s.values * 1000) / s.ms
  const sum = (samples: Sample[], key: keyof Sample) => samples.reduce((n, x) => n + x[key], 0)
  const fmt = (n: number) => Math.round(n).toLocaleString('en').padStart(8)
  console.log(`values/s; raw: median of ${rounds} alternating rounds; launches out: all rounds' values over their time less the paired probes' time`)
  for (const [name, label] of [['full', `full poll (${FULL.length} columns + sysUpTime)`], ['four', '4 columns of measured-here.md']] as const) {
    const mine = median(ours[name].map(rate))
    console.log(`${label}: ours ${fmt(mine)} (${ours[name][0].values} values, one process, session open)`)
    for (const [ref, samples] of [['snmpbulkwalk -Cr50, one per column', walk[name]], ['snmpbulkget, all columns at once', bulkget[name]]] as const) {
      const raw = median(samples.map(rate))
      const [ms, probeMs] = [sum(samples, 'ms'), sum(samples, 'probeMs')]
      const out = ms > probeMs ? (sum(samples, 'values') * 1000) / (ms - probeMs) : NaN
      const launches = sum(samples, 'launches')
      console.log(
        `  ${ref.padEnd(36)} raw ${fmt(raw)} (${samples[0].values} values, ${samples[0].launches} launches a round, ${(ms / launches).toFixed(1)} ms each, a probe ${(probeMs / launches).toFixed(1)} ms)   ` +
          `ours/theirs: raw ${(mine / raw).toFixed(2)}, ` +
          (Number.isFinite(out) ? `launches out ${fmt(out).trim()} values/s: ${(mine / out).toFixed(2)}` : 'launches out: n/a, the probes took as long as the reference')
      )
    }
  }
  console.log(`our CPU for the full poll: ${median(cpuPerInterface).toFixed(1)} µs per interface (user + system)`)

  if (sweep) {
    // How many varbinds to ask for per response: the choice behind DEFAULT_TARGET_VARBINDS.
    // Net-SNMP's snmpd answers at most 100 varbinds per GETBULK (maxGetbulkResponses), so above
    // that only the request count of other agents changes.
    console.log('targetVarbinds sweep (full poll, median of rounds):')
    for (const target of [50, 100, 200, 400, 700]) {
      const rates: number[] = []
      let requests = 0
      for (let round = 0; round < rounds; round++) {
        const r = await pollDevice(session, 'lab', { targetVarbinds: target })
        if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`)
        rates.push((r.values * 1000) / r.durationMs)
        requests = r.requests
      }
      console.log(`  ${String(target).padStart(4)} varbinds/response: ${Math.round(median(rates)).toLocaleString('en').padStart(8)} values/s, ${requests} requests`)
    }
  }
  session.close()
  poller.close()
} finally {
  await lab.close()
}
