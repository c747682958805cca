/**
 * Device health read: what the health MIBs add to a poll, ours against Net-SNMP's snmpbulkget
 * asking the same scalars and columns the same way (net_snmp_reference.ts bulkgetColumns), on the
 * same snmpd in one run, as a ratio of times (the machine's absolute speed drifts from run to run).
 *
 *   node --import=@poppinss/ts-exec bench/device_health_read.ts [--rounds 30]
 *
 * Ours runs in a process whose session is open; the reference starts a process per request, so
 * each launch is paired with a launch probe of the same tool and the ratio is printed raw and
 * with the probes' time taken out. Both must read the same number of values.
 */
import { SnmpLab, LAB_COMMUNITY } from '#tests/support/snmp_lab'
import { SnmpSession } from '#collectors/snmp/session'
import { HEALTH_COLUMNS, HEALTH_SCALARS, readDeviceHealth } from '#collectors/snmp/device_health'
import { median, option } from './support.ts'
import { bulkgetColumns, type NetSnmpAgent } from './net_snmp_reference.ts'

const rounds = option('rounds', 30)
const lab = await SnmpLab.create({ pairs: 1 })
try {
  const session = new SnmpSession({ host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), timeoutMs: 5000, retries: 1 })
  const agent: NetSnmpAgent = { host: lab.host, port: lab.port, community: LAB_COMMUNITY }
  await readDeviceHealth(session)
  const ours: number[] = []
  const theirs: number[] = []
  const probes: number[] = []
  let oursValues = 0
  let oursRequests = 0
  let theirValues = 0
  let theirLaunches = 0
  for (let round = 0; round < rounds; round++) {
    const before = session.requests
    const t0 = performance.now()
    const read = await readDeviceHealth(session)
    ours.push(performance.now() - t0)
    oursValues = read.values
    oursRequests = session.requests - before
    const reference = await bulkgetColumns(agent, Object.values(HEALTH_COLUMNS), {
      scalars: Object.values(HEALTH_SCALARS),
      maxRepetitions: 16,
      pairedProbes: true,
    })
    theirs.push(reference.ms)
    probes.push(reference.probeMs)
    theirValues = reference.values
    theirLaunches = reference.launches
  }
  session.close()
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0)
  const corrected = Math.max(0.001, sum(theirs) - sum(probes)) / rounds
  console.log(`values per read: ours ${oursValues} in ${oursRequests} request(s), snmpbulkget ${theirValues} in ${theirLaunches} launch(es)`)
  console.log(`median ms per read: ours ${median(ours).toFixed(2)}, snmpbulkget ${median(theirs).toFixed(2)} (launch probes ${median(probes).toFixed(2)})`)
  console.log(`ratio ours / snmpbulkget: raw ${(median(ours) / median(theirs)).toFixed(3)}, launch cost taken out ${(sum(ours) / rounds / corrected).toFixed(3)}`)
  if (oursValues !== theirValues) console.log(`WARNING: the two read different numbers of values (${oursValues} vs ${theirValues})`)
} finally {
  await lab.close()
}
