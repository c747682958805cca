/**
 * Poll rate: values/s of our poller and of Net-SNMP's snmpbulkwalk on the same columns of the
 * same snmpd, in one run, as a ratio (the machine's absolute speed drifts from run to run).
 *
 *   node --import=@poppinss/ts-exec bench/snmp_poll_rate.ts [--pairs 1000] [--rounds 5] [--sweep]
 *
 * The lab is one snmpd in a network namespace with 1,000 veth pairs (2,000 interfaces plus lo
 * and the uplink). snmpd rebuilds its interface cache every 3 s at about 0.8 s of CPU for that
 * many interfaces, and a request that arrives during a rebuild waits for it; the bench raises the
 * cache timeout (NET-SNMP-AGENT-MIB nsCacheTimeout) and warms the cache first, so both clients
 * measure the protocol path, not the agent's cache rebuilds.
 *
 * Two column sets: the full set our poller reads (14 IF-MIB columns and sysUpTime), and the
 * four columns measured in ../shared/reference/measured-here.md. snmpbulkwalk walks one subtree
 * per run, so it runs once per column, one after another, with -Cr50 as there. Rounds alternate
 * between the two clients; medians are reported.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { SnmpLab, LAB_COMMUNITY } from '#tests/support/snmp_lab'
import { SnmpSession } from '#collectors/snmp/session'
import { IF_COLUMNS, SYS_UPTIME, walkColumns, pollDevice } from '#collectors/snmp/interfaces'
import { SnmpPoller } from '#collectors/snmp/poller'
import { median, option } from './support.ts'

const run = promisify(execFile)

const pairs = option('pairs', 1000)
const rounds = option('rounds', 5)
const sweep = process.argv.includes('--sweep')

async function snmpbulkwalk(host: string, port: number, oids: string[]) {
  let values = 0
  const t0 = performance.now()
  for (const oid of oids) {
    const { stdout } = await run('snmpbulkwalk', ['-v2c', '-c', LAB_COMMUNITY, '-Cr50', '-On', '-OQ', '-t', '5', `${host}:${port}`, oid], {
      env: { ...process.env, MIBS: '' },
      maxBuffer: 64 << 20,
    })
    for (const line of stdout.split('\n')) if (line.startsWith('.')) values++
  }
  return { values, ms: performance.now() - t0 }
}

const FULL = Object.values(IF_COLUMNS)
const FOUR = [IF_COLUMNS.hcInOctets, IF_COLUMNS.hcOutOctets, IF_COLUMNS.operStatus, IF_COLUMNS.inErrors]

const lab = await SnmpLab.create({ pairs, interfaceCacheSeconds: 3600 })
try {
  const session = new SnmpSession({ host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), timeoutMs: 5000, retries: 1 })
  const poller = new SnmpPoller({ concurrency: 1 })
  const device = { id: 'lab', host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), timeoutMs: 5000, retries: 1 }

  // Warm snmpd's interface cache (the first walk of ~2,000 rows costs it ~0.4 s) and our session.
  await snmpbulkwalk(lab.host, lab.port, [IF_COLUMNS.operStatus])
  const warm = await pollDevice(session, 'lab')
  if (!warm.ok) throw new Error(`${warm.error.kind}: ${warm.error.message}`)
  const interfaces = warm.snapshot.interfaces.size
  console.log(`lab: ${lab.namespace}, ${pairs} veth pairs, snmpd sees ${interfaces} interfaces`)

  const ours = { full: [] as number[], four: [] as number[] }
  const theirs = { full: [] as number[], four: [] as number[] }
  const counts = { oursFull: 0, oursFour: 0, theirsFull: 0, theirsFour: 0 }
  const cpuPerInterface: number[] = []
  for (let round = 0; round < rounds; round++) {
    const cpu = process.cpuUsage()
    const cycle = await poller.pollCycle([device])
    const used = process.cpuUsage(cpu)
    cpuPerInterface.push((used.user + used.system) / interfaces)
    const r = cycle.results[0]
    if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`)
    ours.full.push((r.values * 1000) / r.durationMs)
    counts.oursFull = r.values

    const t0 = performance.now()
    const four = await walkColumns(session, FOUR, { scalars: [SYS_UPTIME] })
    ours.four.push((four.values * 1000) / (performance.now() - t0))
    counts.oursFour = four.values

    const full = await snmpbulkwalk(lab.host, lab.port, [SYS_UPTIME, ...FULL])
    theirs.full.push((full.values * 1000) / full.ms)
    counts.theirsFull = full.values
    const fourWalk = await snmpbulkwalk(lab.host, lab.port, [SYS_UPTIME, ...FOUR])
    theirs.four.push((fourWalk.values * 1000) / fourWalk.ms)
    counts.theirsFour = fourWalk.values
  }

  const line = (label: string, mine: number[], ref: number[], mineCount: number, refCount: number) => {
    const a = median(mine)
    const b = median(ref)
    console.log(
      `${label.padEnd(34)} ours ${Math.round(a).toLocaleString('en').padStart(8)} values/s (${mineCount} values)   ` +
        `snmpbulkwalk -Cr50 ${Math.round(b).toLocaleString('en').padStart(8)} values/s (${refCount} values)   ratio ${(a / b).toFixed(2)}`
    )
  }
  console.log(`medians of ${rounds} alternating rounds:`)
  line(`full poll (${FULL.length} columns + sysUpTime)`, ours.full, theirs.full, counts.oursFull, counts.theirsFull)
  line('4 columns of measured-here.md', ours.four, theirs.four, counts.oursFour, counts.theirsFour)
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
