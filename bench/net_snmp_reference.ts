/**
 * The Net-SNMP command-line references of the SNMP benches (snmp_poll_rate.ts, poll_scale.ts),
 * and what starting them costs, so a bench can compare like with like.
 *
 * Each reference launches processes: `snmpbulkwalk` walks one subtree per run, so it takes one
 * process per column; `snmpbulkget` sends one request per run, so asking every column at once, as
 * our collector does, takes one process per request. Our poller runs inside a process that is
 * already up, with its session open. `launchProbe` is the same tool started the same way for a
 * question of one small round trip, so a bench can time as many probes as the reference made
 * launches and take that cost out; with `pairedProbes` each launch is followed by a probe at once,
 * so both see the same load on a busy machine. The probe's round trip is taken out with it, so the
 * corrected figure errs in the reference's favour.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { compareOids, DEFAULT_MAX_REPETITIONS, DEFAULT_TARGET_VARBINDS, SYS_UPTIME } from '#collectors/snmp/interfaces'

const run = promisify(execFile)

export interface NetSnmpAgent {
  host: string
  port: number
  community: string
}

export interface ReferenceRead {
  /** Values inside the asked subtrees (scalars included). */
  values: number
  /** Processes started. */
  launches: number
  /** Time in the reference's own processes, probes left out. */
  ms: number
  /** Time in the paired launch probes (0 without pairedProbes). */
  probeMs: number
}

export interface ReferenceOptions {
  /** After each launch, one launch probe of the same tool, timed apart. */
  pairedProbes?: boolean
}

export type NetSnmpTool = 'snmpbulkwalk' | 'snmpbulkget'

/** No MIB modules are loaded (MIBS empty): the OIDs are numeric and -On prints them so. */
const ENV = { ...process.env, MIBS: '' }

async function netSnmp(tool: NetSnmpTool, agent: NetSnmpAgent, args: string[]) {
  const { stdout } = await run(tool, ['-v2c', '-c', agent.community, '-On', '-OQ', '-t', '5', ...args], { env: ENV, maxBuffer: 64 << 20 })
  return stdout
}

/** Runs the reference's launches through `launch`, timing them and their paired probes apart. */
function launcher(tool: NetSnmpTool, agent: NetSnmpAgent, options: ReferenceOptions) {
  const read = { values: 0, launches: 0, ms: 0, probeMs: 0 }
  const launch = async (args: string[]) => {
    const t0 = performance.now()
    const stdout = await netSnmp(tool, agent, args)
    read.ms += performance.now() - t0
    read.launches++
    if (options.pairedProbes) {
      const p0 = performance.now()
      await launchProbe(tool, agent)
      read.probeMs += performance.now() - p0
    }
    return stdout
  }
  return { read, launch }
}

/** `-On -OQ` output as varbinds; a line that does not start with an OID continues a text value. */
function varbinds(stdout: string) {
  const list: Array<{ oid: string; value: string }> = []
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('.')) continue
    const at = line.indexOf(' = ')
    list.push({ oid: line.slice(1, at === -1 ? undefined : at), value: at === -1 ? '' : line.slice(at + 3) })
  }
  return list
}

const END_OF_VIEW = 'No more variables left in this MIB View'

/** snmpbulkwalk of each OID in turn, one process per OID, with -Cr50 as in measured-here.md. */
export async function bulkwalkEach(agent: NetSnmpAgent, oids: readonly string[], options: ReferenceOptions = {}): Promise<ReferenceRead> {
  const { read, launch } = launcher('snmpbulkwalk', agent, options)
  for (const oid of oids) read.values += varbinds(await launch(['-Cr50', `${agent.host}:${agent.port}`, oid])).length
  return read
}

/**
 * Every column at once, as our collector walks them (collectors/snmp/interfaces.ts walkColumns):
 * `snmpbulkget -Cn<scalars> -Cr<N> scalars… col1 … colK`, then again from the last OID each open
 * column got, until every column has left its subtree. N follows the collector's rule (its target
 * of varbinds per response shared among the open columns, at most its max-repetitions), and the
 * scalars ride on the first request as non-repeaters. One process per request.
 */
export async function bulkgetColumns(
  agent: NetSnmpAgent,
  columns: readonly string[],
  options: ReferenceOptions & { scalars?: readonly string[]; targetVarbinds?: number; maxRepetitions?: number } = {}
): Promise<ReferenceRead> {
  const { read, launch } = launcher('snmpbulkget', agent, options)
  const target = options.targetVarbinds ?? DEFAULT_TARGET_VARBINDS
  const maxRepetitions = options.maxRepetitions ?? DEFAULT_MAX_REPETITIONS
  const cursors = columns.map((base) => ({ prefix: base + '.', last: base, done: false }))
  let scalars = options.scalars ?? []
  while (true) {
    const open = cursors.filter((c) => !c.done)
    if (open.length === 0) break
    const repetitions = Math.max(1, Math.min(maxRepetitions, Math.floor(target / open.length)))
    const stdout = await launch([`-Cn${scalars.length}`, `-Cr${repetitions}`, `${agent.host}:${agent.port}`, ...scalars, ...open.map((c) => c.last)])
    const answer = varbinds(stdout)
    for (const s of answer.slice(0, scalars.length)) if (!s.value.startsWith(END_OF_VIEW)) read.values++
    // Repetitions come row by row (one varbind per open column), so a varbind's place says its column.
    let advanced = false
    answer.slice(scalars.length).forEach((varbind, at) => {
      const cursor = open[at % open.length]
      if (cursor.done) return
      if (varbind.value.startsWith(END_OF_VIEW) || !varbind.oid.startsWith(cursor.prefix) || compareOids(varbind.oid, cursor.last) <= 0) {
        cursor.done = true
        return
      }
      cursor.last = varbind.oid
      read.values++
      advanced = true
    })
    scalars = []
    if (!advanced && open.some((c) => !c.done)) throw new Error(`snmpbulkget got nothing from ${agent.host}:${agent.port}: ${stdout.slice(0, 200)}`)
  }
  return read
}

/**
 * One launch of `tool` as the references start it, for one GETBULK of two varbinds (sysUpTime.0
 * and the OID after it, which ends a walk at once): what a launch costs beyond the work asked.
 */
export async function launchProbe(tool: NetSnmpTool, agent: NetSnmpAgent) {
  const args = tool === 'snmpbulkget' ? ['-Cn0', '-Cr2'] : ['-Cr2']
  const stdout = await netSnmp(tool, agent, [...args, `${agent.host}:${agent.port}`, SYS_UPTIME])
  if (!stdout.startsWith('.')) throw new Error(`${tool} probe of ${agent.host}:${agent.port} answered nothing`)
}
