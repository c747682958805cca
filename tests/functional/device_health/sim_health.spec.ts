import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { SimNetwork, type SimDeviceSpec } from '#app/demo/sim/model'
import { SimAgent } from '#app/demo/sim/agent'
import { SimHealth } from '#app/demo/sim/health'
import { SnmpSession } from '#collectors/snmp/session'
import { pollDevice } from '#collectors/snmp/interfaces'
import { readDeviceHealth } from '#collectors/snmp/device_health'
import { healthFigures } from '#app/device_health/figures'
import { deviceHealthHistory } from '#app/device_health/history'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { makeDevice } from '#tests/functional/monitoring/support'
import { freeUdpPort } from '#tests/functional/sim/udp'

/**
 * The simulated devices answer the health MIBs from the same curves the demo's history is drawn
 * from: a leaking router's CPU climbs on its device page, read over the wire by our collector.
 */
const NET = `127.${50 + (process.pid % 100)}`
const COMMUNITY = 'sim-health-ro'

function leakingRouter() {
  for (let i = 0; ; i++) {
    const hostname = `sim-health-${process.pid}-${i}`
    if (new SimHealth(hostname, 'router').leak > 0) return hostname
  }
}

test.group('device health: the simulated network answers the health MIBs', (group) => {
  let network: SimNetwork
  let agent: SimAgent
  let session: SnmpSession
  const hostname = leakingRouter()
  const address = `${NET}.7.1`
  let now = Date.UTC(2026, 11, 1, 0, 0, 0)

  group.setup(async () => {
    const port = await freeUdpPort(address)
    const spec: SimDeviceSpec = {
      hostname,
      address,
      port,
      kind: 'router',
      vendor: 'Juniper',
      model: 'MX204',
      region: 'north',
      credentials: { version: '2c', community: COMMUNITY },
      interfaces: [{ ifIndex: 1, role: 'uplink', circuitId: `SIM-H-${process.pid}`, bandwidthBps: 1e9 }],
    }
    network = new SimNetwork([spec], { events: [] })
    agent = await SimAgent.start(network.devices.get(hostname)!, { clock: () => now })
    session = new SnmpSession({ host: address, port, credentials: { version: '2c', community: COMMUNITY }, timeoutMs: 1000, retries: 1 })
    return async () => {
      session.close()
      await agent.close()
    }
  })

  test('all three MIBs answer in one walk; CPU from the counters is the curve\'s mean over the interval', async ({ assert }) => {
    const device = network.devices.get(hostname)!
    const first = await readDeviceHealth(session)
    now += 60_000
    const second = await readDeviceHealth(session)
    assert.deepEqual(second.health.absent, [])
    assert.isAtMost(second.requests, 2)
    const figures = healthFigures(second.health, first.health)
    assert.equal(figures.cpuSource, 'ticks')
    const t = now / 1000
    assert.closeTo(figures.cpuPct!, device.health.meanCpu(t - 60, t), 0.05)
    assert.lengthOf(second.health.processorLoads, device.health.cores)
    assert.lengthOf(second.health.temperatures, 2)
    assert.closeTo(figures.temperatureC!, Math.max(...device.health.temperaturesAt(t)), 0.11)
    assert.closeTo(figures.memoryPct!, device.health.memoryPctAt(t), 0.01)
    assert.closeTo(figures.storagePct!, 100 * device.health.flashShareAt(t), 0.01)
    assert.equal(second.health.uptimeCs, device.upTimeAt(now))
  })

  test('a poll with health reads interfaces and health together, and the leaking router climbs day after day', async ({ assert }) => {
    const device = network.devices.get(hostname)!
    // Three consecutive days at the same hour, inside one leak cycle.
    const cycleStart = Math.ceil((now / 1000 - device.health.leakPhase) / (7 * 86_400)) * 7 * 86_400 + device.health.leakPhase
    const cpus: number[] = []
    for (const day of [1, 2, 3]) {
      now = (cycleStart + day * 86_400) * 1000
      const before = await pollDevice(session, hostname, { health: true })
      now += 60_000
      const after = await pollDevice(session, hostname, { health: true })
      assert.isTrue(after.ok)
      if (!after.ok || !before.ok) return
      assert.isTrue(after.snapshot.interfaces.has(1))
      cpus.push(healthFigures(after.snapshot.health!, before.snapshot.health!).cpuPct!)
    }
    assert.isAbove(cpus[1], cpus[0] + 5)
    assert.isAbove(cpus[2], cpus[1] + 5)
  })

  test('deviceHealthHistory draws the same curves into the tables, and the API shows the climb', async ({ assert, client }) => {
    const { ministry } = await makeAgencyTree()
    const row = await makeDevice(ministry.id, { hostname })
    const noc = await makeUser('noc')
    const to = new Date()
    const from = new Date(to.getTime() - 8 * 86_400_000)
    const report = await deviceHealthHistory(network, new Map([[hostname, row.id]]), { from, to })
    assert.isAtLeast(report.fiveMinute, 8 * 288 - 2)
    assert.isAtLeast(report.raw, 55)
    assert.isAtLeast(report.hourly, 8 * 24 - 1)
    assert.isAtLeast(report.daily, 8)
    const again = await deviceHealthHistory(network, new Map([[hostname, row.id]]), { from, to })
    const stored = await db.from('device_health_5m').where('device_id', row.id).count('* as n').first()
    assert.equal(Number(stored.n), again.fiveMinute, 'a rerun rewrites the same rows')

    const week = (await client.get(`/api/devices/${row.id}/health?range=7d`).loginAs(noc)).body()
    assert.equal(week.resolution, '1h')
    const peak = Math.max(...week.series.map((p: { cpu_max: number | null }) => p.cpu_max ?? 0))
    assert.isAtLeast(peak, 90, 'the leaking router went above 90% in the last week')
    const device = network.devices.get(hostname)!
    const sample = week.series[Math.floor(week.series.length / 2)]
    const t = new Date(sample.time).getTime() / 1000
    assert.closeTo(sample.cpu_avg, device.health.meanCpu(t, t + 3600), 0.1, 'the hourly mean is the curve\'s')
  }).timeout(120_000)
})
