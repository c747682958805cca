import { spawn, type ChildProcess } from 'node:child_process'
import dgram from 'node:dgram'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { FlowExportEncoder, type ExportFlow } from '#app/demo/sim/flow_encoder'
import { clearReports } from '#app/flow_exporters/exporter_counters'
import { makeAgency, makeUser } from '#tests/support/fixtures'
import { freeUdpPort } from '#tests/functional/sim/udp'
import { until } from '#tests/support/wait'

/**
 * Exporters' counters end to end: routers send NetFlow v9 and IPFIX to the real
 * `flows:collect`, which reports its counters per exporter to Redis; /api/flow_exporters and
 * /metrics show them, each reader only the exporters of devices in their agency scope, and
 * national roles also the exporters no device owns.
 */

const NET = `127.${210 + (process.pid % 40)}`

function flows(n: number, at: number): ExportFlow[] {
  return Array.from({ length: n }, (_, i) => ({
    srcAddr: `10.16.0.${i + 1}`,
    dstAddr: '192.0.2.10',
    srcPort: 40000 + i,
    dstPort: 443,
    protocol: 6,
    packets: 10,
    bytes: 12_000,
    firstMs: at - 5000,
    lastMs: at - 1000,
    tcpFlags: 0x1b,
    inputIf: 2,
    outputIf: 1,
  }))
}

async function sendFrom(address: string, port: number, datagrams: Buffer[]) {
  const socket = dgram.createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, address, () => resolve()))
  for (const d of datagrams) await new Promise((resolve) => socket.send(d, port, '127.0.0.1', resolve))
  await new Promise<void>((resolve) => socket.close(() => resolve()))
}

test.group('flow exporters: counters reported by flows:collect, read through the API and /metrics', (group) => {
  let collector: ChildProcess
  let err = ''
  group.each.setup(async () => {
    await clearReports()
  })
  group.teardown(() => {
    collector?.kill('SIGKILL')
  })

  test('each reader sees the exporters of its own devices, with what the collector counted', async ({ client, assert }) => {
    const mine = await makeAgency({ level: 2 })
    const theirs = await makeAgency({ level: 2 })
    const at = { mine: `${NET}.9.1`, theirs: `${NET}.9.2`, nobody: `${NET}.9.3` }
    const device = (hostname: string, agencyId: number, address: string) => ({
      hostname,
      kind: 'router',
      management_address: address,
      region: 'north',
      agency_id: agencyId,
      snmp_version: '2c',
      snmp_port: 161,
    })
    const [own] = await db.table('devices').insert(device(`fx-mine-${process.pid}`, mine.id, at.mine)).returning('*')
    await db.table('devices').insert(device(`fx-theirs-${process.pid}`, theirs.id, at.theirs))

    const port = await freeUdpPort('127.0.0.1')
    collector = spawn('node', ['ace', 'flows:collect', '--port', String(port), '--host', '127.0.0.1', '--json', '--report-every', '1'], { stdio: ['ignore', 'ignore', 'pipe'] })
    collector.stderr!.on('data', (d) => (err += d))
    await until('the collector to listen', () => err.includes('listening'), { timeoutMs: 60_000 })

    // Mine: v9, its second export lost on the way. Theirs: IPFIX. Nobody's: garbage.
    const now = Date.now()
    const v9 = new FlowExportEncoder({ version: 9, bootMs: now - 3_600_000 })
    const batches = [v9.encode(flows(30, now), now), v9.encode(flows(5, now), now), v9.encode(flows(7, now), now)]
    await sendFrom(at.mine, port, [...batches[0], ...batches[2]])
    const ipfix = new FlowExportEncoder({ version: 10 })
    await sendFrom(at.theirs, port, ipfix.encode(flows(4, now), now))
    await sendFrom(at.nobody, port, [Buffer.from('not a flow export')])

    const liaison = await makeUser('agency_liaison', mine.id)
    const noc = await makeUser('noc')
    const rowsOf = async (user: typeof noc) => {
      const answer = await client.get('/api/flow_exporters').qs({ sort: '["exporter","ASC"]' }).loginAs(user)
      assert.equal(answer.status(), 200, answer.text())
      return answer.body() as Array<Record<string, any>>
    }
    const nationally = await until('the three exporters reported', async () => {
      const rows = (await rowsOf(noc)).filter((r) => r.exporter.startsWith(`${NET}.9.`))
      return rows.length === 3 && rows.find((r) => r.exporter === at.mine)?.flows === 37 ? rows : null
    })
    const row = nationally.find((r) => r.exporter === at.mine)!
    assert.deepInclude(row, {
      id: at.mine,
      device_id: own.id,
      device_hostname: own.hostname,
      agency_id: mine.id,
      collector: `127.0.0.1:${port}`,
      reporting: true,
      datagrams: batches[0].length + batches[2].length,
      flows: 37,
      lost_datagrams: batches[1].length,
      malformed: 0,
      unknown_template: 0,
      collector_kernel_drops: 0,
    })
    assert.deepInclude(nationally.find((r) => r.exporter === at.theirs)!, { flows: 4, lost_records: 0, agency_id: theirs.id })
    assert.deepInclude(nationally.find((r) => r.exporter === at.nobody)!, { device_id: null, agency_id: null, malformed: 1, flows: 0 })

    // The liaison: only their own device's exporter, whatever the filter asks for.
    assert.deepEqual((await rowsOf(liaison)).map((r) => r.exporter), [at.mine])
    const filtered = await client.get('/api/flow_exporters').qs({ filter: JSON.stringify({ agency_id: theirs.id }) }).loginAs(liaison)
    assert.deepEqual(filtered.body(), [])
    const bad = await client.get('/api/flow_exporters').qs({ sort: '["password","ASC"]' }).loginAs(liaison)
    assert.equal(bad.status(), 422)

    // Prometheus: the same counters, in the same scope.
    const metrics = (await client.get('/metrics').loginAs(noc)).text()
    assert.include(metrics, `gsn_flow_exporter_flows_total{exporter="${at.mine}",device="${own.hostname}"} 37`)
    assert.include(metrics, `gsn_flow_exporter_lost_datagrams_total{exporter="${at.mine}",device="${own.hostname}"} ${batches[1].length}`)
    assert.include(metrics, `gsn_flow_exporter_malformed_total{exporter="${at.nobody}",device=""} 1`)
    assert.include(metrics, `gsn_flow_collector_kernel_drops_total{collector="127.0.0.1:${port}"} 0`)
    const theirsSeen = (await client.get('/metrics').loginAs(liaison)).text()
    assert.include(theirsSeen, `exporter="${at.mine}"`)
    assert.notInclude(theirsSeen, at.theirs)
    assert.notInclude(theirsSeen, at.nobody)

    collector.kill('SIGTERM')
    await new Promise((resolve) => collector.on('close', resolve))
  }).timeout(120_000)
})
