/**
 * Detection latency: from `ip link set … down` to the link's incident in the API, by poll and by
 * trap, through the deployed processes: the API server, `node ace monitoring:work` and
 * `node ace collector:run --traps-port …`, each a child process, against Net-SNMP's snmpd in a
 * network namespace (tests/support/snmp_lab.ts).
 *
 *   PATH=/work/main/node_modules/.bin:$PATH node --import=@poppinss/ts-exec bench/detection_latency.ts
 *     [--interval 60] [--trials 3]
 *   (BENCH_DB=gsn_bench_detect is recreated; BENCH_REDIS_DB=13; BENCH_PORT=4419; needs root)
 *
 * By poll: the link's far end is taken down at a random moment of the device's poll interval
 * and nothing else happens; the incident appears after the next poll. Expected: half an
 * interval on average, one at worst, plus the pipeline's own time.
 * By trap: the same, and the device's linkDown trap is sent at once, as a router sends it (snmpd
 * can send linkDown itself, but only from a check that runs every 60 s, which no router does;
 * snmptrap from inside the namespace stands for the router here).
 * Reference, by trap: Net-SNMP's snmptrapd gets the same linkDown at the same moment (a second
 * snmptrap to it) and the clock stops when its log file has the line: the time to merely receive
 * the trap, against which our trap → poll → queue → PostgreSQL → API path is a ratio.
 * Each trial uses a link of its own (its own veth pair), so no link changes often enough to count
 * as flapping. The clock stops when GET /api/links/:id/incidents (bearer token) lists an incident;
 * recovery (up → incident resolved) is timed the same way.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SnmpLab, LAB_COMMUNITY } from '#tests/support/snmp_lab'
import { ROOT, benchProcesses, bootConsole, median, option, recreateDatabase } from './support.ts'

const INTERVAL_S = option('interval', 60)
const TRIALS = option('trials', 3)
const DB = process.env.BENCH_DB ?? 'gsn_bench_detect'
const PORT = Number(process.env.BENCH_PORT ?? 4419)
const TRAP_PORT = 17_500 + (process.pid % 400)
const REFERENCE_PORT = TRAP_PORT + 400

process.env.DB_DATABASE = DB
process.env.REDIS_DB = process.env.BENCH_REDIS_DB ?? '13'
process.env.QUEUE_PREFIX = `gsn-bench-detect-${process.pid}`
process.env.NODE_ENV = 'development'
process.env.LOG_LEVEL = 'warn'
process.env.PORT = String(PORT)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const { children, start } = benchProcesses(/\binfo\b/)

const lab = await SnmpLab.create({ pairs: TRIALS * 2 })
try {
  await recreateDatabase(DB)
  const app = await bootConsole()
  const db = (await import('@adonisjs/lucid/services/db')).default
  const { sealCredentials } = await import('#app/devices/snmp_credentials')
  const { default: User } = await import('#app/access/user')

  const [agency] = await db.table('agencies').insert({ code: 'DETECT', name: '偵測測試機關', level: 2, kind: 'central', region: 'north', path: '/' }).returning('id')
  const agencyId = agency.id ?? agency
  await db.from('agencies').where('id', agencyId).update({ path: `/${agencyId}/` })
  const user = await User.create({ email: 'bench@gsn.test', fullName: 'Bench', password: 'bench-password-1', role: 'admin', agencyId: null, locale: 'en', active: true })
  const token = (await User.accessTokens.create(user, ['*'], { name: 'bench' })).value!.release()
  const [device] = await db
    .table('devices')
    .insert({
      hostname: 'detect-rtr',
      kind: 'router',
      management_address: lab.host,
      region: 'north',
      agency_id: agencyId,
      snmp_version: '2c',
      snmp_port: lab.port,
      snmp_credentials: sealCredentials(lab.credentialsV2c()),
      poll_interval_s: INTERVAL_S,
    })
    .returning('id')
  const deviceId = device.id ?? device
  // Trial i watches pair i's far end ("b"); taking "a" down drops its carrier: a fault, not a shut port.
  const links: Array<{ id: number; pair: number; ifIndex: number }> = []
  for (let pair = 0; pair < TRIALS * 2; pair++) {
    const ifIndex = await lab.ifIndex(lab.pairs[pair].b)
    const [row] = await db
      .table('links')
      .insert({ circuit_id: `GSN-D-${pair}`, name: `偵測線路 ${pair}`, kind: 'legacy', agency_id: agencyId, a_end: '機關端', z_end: 'GSN-LAB', bandwidth_kbps: 10_240, device_id: deviceId, if_index: ifIndex, status: 'active' })
      .returning('id')
    links.push({ id: row.id ?? row, pair, ifIndex })
  }
  await app.terminate()

  start('api', ['--import=@poppinss/ts-exec', 'bin/server.ts'])
  start('monitoring', ['ace', 'monitoring:work', '--wait-ms', '100'])
  start('collector', ['ace', 'collector:run', '--traps-port', String(TRAP_PORT), '--traps-address', lab.rootAddress])
  const api = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } })
    if (!response.ok) throw new Error(`${path}: ${response.status}`)
    return response.json() as Promise<any>
  }
  for (let i = 0; ; i++) {
    try {
      await api('/api/link_states/summary')
      break
    } catch (error) {
      if (i > 120) throw error
      await sleep(500)
    }
  }
  // The app of this process is closed: link states are read through the API, like everything else.
  const linkState = async (linkId: number) => {
    const rows = await api(`/api/link_states?filter=${encodeURIComponent(JSON.stringify({ q: `GSN-D-${links.find((l) => l.id === linkId)!.pair}` }))}`)
    return rows.find((r: any) => r.link_id === linkId)?.state
  }
  console.log(`lab ${lab.namespace}: device polled every ${INTERVAL_S} s, ${links.length} links; API on :${PORT}, traps on ${lab.rootAddress}:${TRAP_PORT}`)
  const waitUntil = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return
      await sleep(100)
    }
    throw new Error(`timed out waiting for ${what}`)
  }
  await waitUntil('the first poll', async () => (await linkState(links[0].id)) === 'up', (INTERVAL_S + 30) * 1000)

  // The reference receiver: snmptrapd logging every trap to a file, in the root namespace.
  const referenceDir = mkdtempSync(join(tmpdir(), 'gsn-snmptrapd-'))
  const referenceLog = join(referenceDir, 'traps.log')
  writeFileSync(join(referenceDir, 'snmptrapd.conf'), 'disableAuthorization yes\n')
  writeFileSync(referenceLog, '')
  const snmptrapd = spawn('snmptrapd', ['-f', '-n', '-On', '-C', '-c', join(referenceDir, 'snmptrapd.conf'), '-Lf', referenceLog, `udp:${lab.rootAddress}:${REFERENCE_PORT}`], {
    stdio: 'ignore',
    env: { ...process.env, MIBS: '' },
  })
  children.push(snmptrapd)
  process.on('exit', () => rmSync(referenceDir, { recursive: true, force: true }))
  const logged = () => readFileSync(referenceLog, 'utf8').split('\n').filter((l) => l.includes('1.3.6.1.6.3.1.1.5.3')).length

  const trap = (kind: 'linkDown' | 'linkUp', ifIndex: number, port = TRAP_PORT) =>
    lab.exec([
      'snmptrap', '-v2c', '-c', LAB_COMMUNITY, '-On', `${lab.rootAddress}:${port}`, '',
      `1.3.6.1.6.3.1.1.5.${kind === 'linkDown' ? 3 : 4}`,
      `1.3.6.1.2.1.2.2.1.1.${ifIndex}`, 'i', String(ifIndex),
      `1.3.6.1.2.1.2.2.1.8.${ifIndex}`, 'i', kind === 'linkDown' ? '2' : '1',
    ])

  const results: Record<'poll' | 'trap', Array<{ detectMs: number; recoverMs: number; referenceMs?: number }>> = { poll: [], trap: [] }
  const modes: Array<'poll' | 'trap'> = []
  for (let t = 0; t < TRIALS; t++) modes.push('trap', 'poll')
  for (const [i, mode] of modes.entries()) {
    const link = links[i]
    await waitUntil(`link ${link.id} up`, async () => (await linkState(link.id)) === 'up', (INTERVAL_S * 2 + 30) * 1000)
    // A random moment of the interval, so poll trials sample the whole of it.
    await sleep(Math.random() * INTERVAL_S * 1000)
    const down = performance.now()
    await lab.setLink(lab.pairs[link.pair].a, 'down')
    let referenceMs: number | undefined
    let reference: Promise<void> = Promise.resolve()
    if (mode === 'trap') {
      const before = logged()
      reference = (async () => {
        await trap('linkDown', link.ifIndex, REFERENCE_PORT)
        await waitUntil('snmptrapd to log the trap', async () => logged() > before, 10_000)
        referenceMs = performance.now() - down
      })()
      await trap('linkDown', link.ifIndex)
    }
    let incidentId = 0
    await waitUntil('the incident', async () => {
      const list = await api(`/api/links/${link.id}/incidents`)
      incidentId = list[0]?.id ?? 0
      return incidentId > 0
    }, (INTERVAL_S * 2 + 30) * 1000)
    const detectMs = performance.now() - down
    await reference
    const up = performance.now()
    await lab.setLink(lab.pairs[link.pair].a, 'up')
    if (mode === 'trap') await trap('linkUp', link.ifIndex)
    await waitUntil('the incident resolved', async () => (await api(`/api/incidents/${incidentId}`)).status === 'resolved', (INTERVAL_S * 2 + 30) * 1000)
    const recoverMs = performance.now() - up
    results[mode].push({ detectMs, recoverMs, referenceMs })
    console.log(
      `${mode} trial ${results[mode].length}: incident in the API ${(detectMs / 1000).toFixed(2)} s after ip link set down` +
        (referenceMs !== undefined ? ` (snmptrapd logged the trap after ${(referenceMs / 1000).toFixed(3)} s)` : '') +
        `; resolved ${(recoverMs / 1000).toFixed(2)} s after up`
    )
  }
  const summary = Object.fromEntries(
    (['poll', 'trap'] as const).map((mode) => [
      mode,
      {
        detectS: results[mode].map((r) => r.detectMs / 1000),
        medianDetectS: median(results[mode].map((r) => r.detectMs)) / 1000,
        medianRecoverS: median(results[mode].map((r) => r.recoverMs)) / 1000,
      },
    ])
  )
  console.log('')
  console.log(
    `detection (interval ${INTERVAL_S} s): by poll median ${summary.poll.medianDetectS.toFixed(2)} s (${summary.poll.detectS.map((s: number) => s.toFixed(1)).join(', ')}), ` +
      `by trap median ${summary.trap.medianDetectS.toFixed(2)} s (${summary.trap.detectS.map((s: number) => s.toFixed(2)).join(', ')}); ` +
      `recovery by poll ${summary.poll.medianRecoverS.toFixed(2)} s, by trap ${summary.trap.medianRecoverS.toFixed(2)} s`
  )
  const referenceS = median(results.trap.map((r) => r.referenceMs ?? NaN)) / 1000
  console.log(
    `reference: snmptrapd logged the same linkDown after a median ${referenceS.toFixed(3)} s; ` +
      `our incident in the API by trap took ${(summary.trap.medianDetectS / referenceS).toFixed(1)}× as long (trap → poll → queue → PostgreSQL → API), ` +
      `by poll ${(summary.poll.medianDetectS / referenceS).toFixed(0)}×`
  )
  mkdirSync(join(ROOT, 'bench/out'), { recursive: true })
  writeFileSync(join(ROOT, 'bench/out/detection_latency.json'), JSON.stringify({ intervalS: INTERVAL_S, trials: TRIALS, ...summary, referenceS, results }, null, 2))
} finally {
  for (const c of children) c.kill('SIGTERM')
  await sleep(1500)
  await lab.close()
}
process.exit(0)
