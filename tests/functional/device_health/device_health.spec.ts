import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { SnmpLab, LAB_COMMUNITY } from '#tests/support/snmp_lab'
import { makeAgency, makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { SnmpSession } from '#collectors/snmp/session'
import { HEALTH_COLUMNS, HEALTH_SCALARS, readDeviceHealth } from '#collectors/snmp/device_health'
import { healthFigures } from '#app/device_health/figures'
import { startCollector, startMonitoring } from '#app/monitoring/processes'
import type { Collector } from '#collectors/polling/collector'
import type { QueueSite } from '#collectors/polling/wire'
import type User from '#app/access/user'
import { dropSite, makePolledDevice, testSite, waitFor } from '#tests/functional/pipeline/support'

const run = promisify(execFile)

/** Net-SNMP's own tools against the same agent: numeric OIDs, values only where asked. */
async function netSnmp(tool: 'snmpget' | 'snmpwalk', lab: SnmpLab, oids: string[]) {
  const { stdout } = await run(tool, ['-v2c', '-c', LAB_COMMUNITY, '-On', '-Oq', '-Oe', '-Ot', `${lab.host}:${lab.port}`, ...oids], {
    env: { ...process.env, MIBS: '' },
  })
  const values = new Map<string, string>()
  for (const line of stdout.trim().split('\n')) {
    const match = /^\.?(\S+)\s+(.*)$/.exec(line.trim())
    if (match) values.set(match[1], match[2].replace(/^"|"$/g, ''))
  }
  return values
}

/** Rows of one column of a snmpwalk, by index. */
function column(walk: Map<string, string>, base: string) {
  const out = new Map<number, number>()
  for (const [oid, value] of walk) if (oid.startsWith(`${base}.`)) out.set(Number(oid.slice(base.length + 1)), Number(value))
  return out
}

test.group('device health: HOST-RESOURCES-MIB and UCD-SNMP-MIB read from snmpd in a namespace', (group) => {
  let lab: SnmpLab
  let session: SnmpSession

  group.setup(async () => {
    lab = await SnmpLab.create({ pairs: 1 })
    session = new SnmpSession({ host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), timeoutMs: 1000, retries: 1 })
    return async () => {
      session.close()
      await lab.close()
    }
  })

  test('one GETBULK walk; values agree with snmpget and snmpwalk of the same OIDs; ENTITY-SENSOR-MIB is absent and named', async ({ assert }) => {
    const before = session.requests
    const { health } = await readDeviceHealth(session)
    const requests = session.requests - before
    const scalars = await netSnmp('snmpget', lab, Object.values(HEALTH_SCALARS).filter((o) => !o.endsWith('.64')).map((o) => `${o}.0`))
    const walk = await netSnmp('snmpwalk', lab, ['1.3.6.1.2.1.25.2.3.1'])
    const loads = await netSnmp('snmpwalk', lab, [HEALTH_COLUMNS.hrProcessorLoad])

    assert.isAtMost(requests, 3, 'a few GETBULKs, not a request per value')
    assert.deepEqual(health.absent, ['entity_sensor'], 'snmpd answers HOST-RESOURCES-MIB and UCD-SNMP-MIB but no sensors')
    assert.isEmpty(health.temperatures)
    assert.equal(health.memory!.totalKb, Number(scalars.get(`${HEALTH_SCALARS.memTotalReal}.0`)))
    assert.closeTo(health.memory!.availKb, Number(scalars.get(`${HEALTH_SCALARS.memAvailReal}.0`)), health.memory!.totalKb * 0.05)
    // Read a moment after ours: uptime and the idle ticks only grow, by little.
    const uptime = Number(scalars.get(`${HEALTH_SCALARS.hrSystemUptime}.0`))
    assert.isAtLeast(uptime, health.uptimeCs!)
    assert.isBelow(uptime - health.uptimeCs!, 500)
    const idle = Number(scalars.get(`${HEALTH_SCALARS.ssCpuRawIdle}.0`))
    assert.isAtLeast(idle, health.cpuTicks!.idle!)
    // snmpd fills hrProcessorTable only once it knows the processors (not in every namespace).
    assert.equal(health.processorLoads.length, column(loads, HEALTH_COLUMNS.hrProcessorLoad).size, 'one hrProcessorLoad per processor row')

    const sizes = column(walk, HEALTH_COLUMNS.hrStorageSize)
    const units = column(walk, HEALTH_COLUMNS.hrStorageAllocationUnits)
    const used = column(walk, HEALTH_COLUMNS.hrStorageUsed)
    assert.equal(health.storages.length, sizes.size)
    for (const s of health.storages) {
      assert.equal(s.size, sizes.get(s.index), `hrStorageSize.${s.index}`)
      assert.equal(s.unitBytes, units.get(s.index), `hrStorageAllocationUnits.${s.index}`)
      if (s.kind === 'fixed') assert.closeTo(s.used, used.get(s.index)!, Math.max(16, s.size * 0.01), `hrStorageUsed.${s.index}`)
    }
    assert.isTrue(health.storages.some((s) => s.kind === 'fixed'), 'the root file system is a fixed disk')
    assert.isTrue(health.storages.some((s) => s.kind === 'ram'))
  })

  test('two polls: CPU from the ssCpuRaw deltas, storage % of the fullest fixed disk as snmpwalk gives it', async ({ assert }) => {
    // snmpd answers zeros until its CPU cache loads and refreshes the counters every 5 s: read
    // until two readings span a refresh.
    let first = (await readDeviceHealth(session)).health
    let second = first
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline && healthFigures(second, first).cpuSource !== 'ticks') {
      await new Promise((r) => setTimeout(r, 1000))
      const next = (await readDeviceHealth(session)).health
      if (!first.cpuTicks || (first.cpuTicks.user === 0 && first.cpuTicks.idle === 0)) first = next
      second = next
    }
    const figures = healthFigures(second, first)
    assert.equal(figures.cpuSource, 'ticks')
    assert.isAtLeast(figures.cpuPct!, 0)
    assert.isAtMost(figures.cpuPct!, 100)

    const walk = await netSnmp('snmpwalk', lab, ['1.3.6.1.2.1.25.2.3.1'])
    const types = new Map<number, string>()
    for (const [oid, value] of walk) if (oid.startsWith(`${HEALTH_COLUMNS.hrStorageType}.`)) types.set(Number(oid.split('.').pop()), value.replace(/^\./, ''))
    const sizes = column(walk, HEALTH_COLUMNS.hrStorageSize)
    const used = column(walk, HEALTH_COLUMNS.hrStorageUsed)
    let fullest = -1
    for (const [index, type] of types) {
      if (type !== '1.3.6.1.2.1.25.2.1.4' || !sizes.get(index)) continue
      fullest = Math.max(fullest, (100 * used.get(index)!) / sizes.get(index)!)
    }
    assert.closeTo(figures.storagePct!, fullest, 1)
    assert.closeTo(figures.memoryPct!, 100 * (1 - second.memory!.availKb / second.memory!.totalKb), 0.01)
  })
})

test.group('device health through the pipeline: collector → queue → monitoring → API, thresholds → incidents', (group) => {
  let lab: SnmpLab
  let site: QueueSite
  let collector: Collector
  let monitoring: Awaited<ReturnType<typeof startMonitoring>>
  let admin: User
  let noc: User
  let outsider: User
  let device: { id: number; hostname: string }
  let policy: { id: number; cpu_pct: number; memory_pct: number; storage_pct: number; sustain_polls: number }

  group.setup(async () => {
    lab = await SnmpLab.create({ pairs: 1 })
    site = testSite()
    const { ministry } = await makeAgencyTree()
    admin = await makeUser('admin')
    noc = await makeUser('noc')
    outsider = await makeUser('agency_liaison', (await makeAgency()).id)
    device = await makePolledDevice(ministry.id, { host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), intervalS: 1 })
    policy = await db.from('device_health_policies').where('device_kind', 'router').firstOrFail()
    monitoring = await startMonitoring({ site, maxWaitMs: 50, sync: { tickMs: 300 } })
    collector = startCollector({ site, concurrency: 4, timeoutMs: 700, retries: 1 })
    return async () => {
      const { cpu_pct, memory_pct, storage_pct, sustain_polls } = policy
      await db.from('device_health_policies').where('id', policy.id).update({ cpu_pct, memory_pct, storage_pct, sustain_polls })
      await collector.close()
      await monitoring.close()
      await lab.close()
      await dropSite(site)
    }
  })

  test('each poll stores the device health; memory and uptime agree with snmpget in the same test', async ({ assert }) => {
    // CPU needs two polls across one of snmpd's 5-second refreshes of its counters.
    await waitFor('a health poll with its CPU figure', async () => db.from('device_health').where('device_id', device.id).whereNotNull('cpu_pct').first())
    const latest = await db.from('device_health').where('device_id', device.id).whereNotNull('cpu_pct').orderBy('at', 'desc').first()
    const asked = Date.now()
    const scalars = await netSnmp('snmpget', lab, [`${HEALTH_SCALARS.memTotalReal}.0`, `${HEALTH_SCALARS.hrSystemUptime}.0`])
    assert.equal(Number(latest.memory_total_bytes), Number(scalars.get(`${HEALTH_SCALARS.memTotalReal}.0`)) * 1024)
    const uptimeThen = Number(scalars.get(`${HEALTH_SCALARS.hrSystemUptime}.0`)) / 100 - (asked - new Date(latest.at).getTime()) / 1000
    assert.closeTo(Number(latest.uptime_s), uptimeThen, 5)
    assert.isNotNull(latest.cpu_pct)
    assert.isNotNull(latest.storage_pct)
    assert.isNull(latest.temperature_c, 'snmpd has no temperature sensors')
    const state = await db.from('device_health_state').where('device_id', device.id).first()
    assert.deepEqual(state.absent_mibs, ['entity_sensor'])
    assert.isAtLeast(state.absent_counts.entity_sensor, 2, 'each poll without the MIB is counted')
  }).timeout(60_000)

  test('the API answers the series in the device\'s scope; another agency\'s liaison gets 404; mistyped values 422', async ({ assert, client }) => {
    const answer = await client.get(`/api/devices/${device.id}/health?range=1h`).loginAs(noc)
    answer.assertStatus(200)
    const body = answer.body()
    assert.equal(body.resolution, 'raw')
    assert.isAtLeast(body.series.length, 2)
    assert.isNumber(body.latest.memory_pct)
    assert.deepEqual(body.absent_mibs, ['entity_sensor'])
    assert.equal(body.thresholds.policy_id, policy.id)

    const foreign = await client.get(`/api/devices/${device.id}/health`).loginAs(outsider)
    foreign.assertStatus(404)
    assert.notInclude(foreign.text(), 'memory')
    const range = await client.get(`/api/devices/${device.id}/health?range=2h`).loginAs(noc)
    range.assertStatus(422)
    assert.equal(range.body().errors[0].field, 'range')
    const id = await client.get(`/api/devices/abc/health`).loginAs(noc)
    id.assertStatus(422)
    assert.notMatch(id.text(), /SELECT|stack|at \//)
    ;(await client.get(`/api/devices/2147483647/health`).loginAs(noc)).assertStatus(404)
    ;(await client.get(`/api/devices/99999999999/health`).loginAs(noc)).assertStatus(404)
    ;(await client.get(`/api/devices/${device.id}/health`)).assertStatus(401)
    // A header claiming another user or address changes nothing.
    const spoofed = await client.get(`/api/devices/${device.id}/health`).header('X-Forwarded-For', '10.0.0.1').header('X-User-Id', String(admin.id)).loginAs(outsider)
    spoofed.assertStatus(404)
  }).timeout(30_000)

  test('thresholds are an admin\'s: others are refused, mistyped values 422, the kind is fixed, changes audited', async ({ assert, client }) => {
    const url = `/api/device_health_policies/${policy.id}`
    ;(await client.put(url).json({ memory_pct: 80 }).loginAs(noc).withCsrfToken()).assertStatus(403)
    ;(await client.get(url).loginAs(outsider)).assertStatus(403)
    for (const body of [{ memory_pct: 'lots' }, { memory_pct: 101 }, { sustain_polls: 1.5 }, { temperature_c: -4 }, { device_kind: 'switch' }]) {
      const refused = await client.put(url).json(body).loginAs(admin).withCsrfToken()
      refused.assertStatus(422)
      assert.notMatch(refused.text(), /SELECT|violates|stack/)
    }
    ;(await client.post('/api/device_health_policies').json({ device_kind: 'router', cpu_pct: 1, memory_pct: 1, storage_pct: 1, temperature_c: 1, sustain_polls: 1 }).loginAs(admin).withCsrfToken()).assertStatus(403)
    const changed = await client.put(url).json({ sustain_polls: 3 }).loginAs(admin).withCsrfToken()
    changed.assertStatus(200)
    assert.equal(changed.body().sustain_polls, 3)
    const audit = await db.from('audit_log').where({ entity: 'device_health_policies', entity_id: String(policy.id) }).orderBy('id', 'desc').first()
    assert.equal(audit.action, 'update')
    assert.equal(audit.after.sustain_polls, 3)
  }).timeout(30_000)

  test('a memory threshold lowered below what snmpd reports opens the device\'s incident after sustain_polls polls; raised again, it resolves', async ({ assert, client }) => {
    const zh = await makeUser('noc')
    await db.from('users').where('id', zh.id).update({ locale: 'zh-TW' })
    const url = `/api/device_health_policies/${policy.id}`
    ;(await client.put(url).json({ memory_pct: 1, sustain_polls: 2 }).loginAs(admin).withCsrfToken()).assertStatus(200)
    const incidentId: number = await waitFor('a device health incident', async () => {
      const row = await db.from('device_health_state').where('device_id', device.id).first()
      return row?.open_incident_id ?? null
    })
    const items = await db.from('incident_items').where('incident_id', incidentId)
    assert.deepEqual(items.map((i) => [i.item_type, i.item_id]), [['device', device.id]])
    const en = (await client.get(`/api/incidents/${incidentId}`).loginAs(noc)).body()
    assert.equal(en.title, `${device.hostname}: device health above its thresholds`)
    assert.include(en.type, 'service')
    assert.match(en.description, /memory \d+(\.\d)?% used, at or above 1%/)
    const chinese = (await client.get(`/api/incidents/${incidentId}`).loginAs(zh)).body()
    assert.equal(chinese.title, `${device.hostname}：設備健康狀態超過門檻`)
    assert.match(chinese.description, /記憶體使用率 \d+(\.\d)?%，達 1% 門檻/)
    const health = (await client.get(`/api/devices/${device.id}/health?range=1h`).loginAs(zh)).body()
    assert.equal(health.open_incident_id, incidentId)
    assert.match(health.reasons_text.join(' '), /記憶體使用率/)

    // Every threshold out of reach (a busy test machine may well run its CPU above 90%).
    ;(await client.put(url).json({ cpu_pct: 100, memory_pct: 100, storage_pct: 100 }).loginAs(admin).withCsrfToken()).assertStatus(200)
    await waitFor('the incident resolved by the next clear poll', async () => {
      const row = await db.from('incidents').where('id', incidentId).first()
      return row.status === 'resolved'
    })
    const state = await db.from('device_health_state').where('device_id', device.id).first()
    assert.isNull(state.open_incident_id)
  }).timeout(60_000)
})
