import dgram from 'node:dgram'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import type { FlowRecord } from '#collectors/flow/flow_record'
import { defaultSite } from '#app/platform/queues'
import { FlowExportEncoder } from '#app/demo/sim/flow_encoder'
import { defaultRuleRows } from '#app/detections/rule_settings'
import { FlowDetections } from '#app/security/flow_detections'
import { ethernet, ipv4Packet, pcapFile, type L4, type TestPacket } from '#tests/support/flow_captures'
import { softflowdExport } from '#tests/support/flow_peers'
import { freeUdpPort } from '#tests/functional/sim/udp'
import { JsonFlowCollector } from '#tests/support/json_flow_collector'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { until } from '#tests/support/wait'

/**
 * The detection rules as data an admin tunes (table detection_rules, issue 11: "plain rules with
 * documented thresholds an admin tunes"): a threshold changed through the API changes what the
 * rules flows:work runs raise on a real export (softflowd reading a capture, exporting to the real
 * `flows:collect --json`), without a restart; only admins write, every change is audited, and a
 * mistyped or impossible setting is a 422 naming the setting.
 */

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0) * 1000
const packet = (seconds: number, src: string, dst: string, l4: L4): TestPacket => ({ timeUs: T0 + Math.round(seconds * 1e6), frame: ethernet(ipv4Packet(src, dst, l4)) })

/** A SYN scan of 150 ports of one host, each answered by a reset (as real_captures.spec.ts). */
const scan = () =>
  Array.from({ length: 150 }, (_, i) => [
    packet(i * 0.01, '203.0.113.9', '10.1.0.5', { protocol: 6, srcPort: 51_000, dstPort: i + 1, flags: 0x02 }),
    packet(i * 0.01 + 0.001, '10.1.0.5', '203.0.113.9', { protocol: 6, srcPort: i + 1, dstPort: 51_000, flags: 0x14 }),
  ]).flat()

/** 25 whole SSH conversations, one every 2 s, each from a new port. */
const guessing = () =>
  Array.from({ length: 25 }, (_, i) => {
    const at = 100 + i * 2
    const c = (t: number, flags: number, payload = 0) => packet(at + t * 0.05, '203.0.113.11', '10.1.0.22', { protocol: 6, srcPort: 50_000 + i, dstPort: 22, flags, payload })
    const v = (t: number, flags: number, payload = 0) => packet(at + t * 0.05, '10.1.0.22', '203.0.113.11', { protocol: 6, srcPort: 22, dstPort: 50_000 + i, flags, payload })
    return [c(0, 0x02), v(1, 0x12), c(2, 0x10), c(3, 0x18, 200), v(4, 0x18, 400), c(5, 0x11), v(6, 0x11), c(7, 0x10)]
  }).flat()

const MARK = '192.0.2.254'

async function ruleId(rule: string) {
  return Number((await db.from('detection_rules').where('rule', rule).firstOrFail()).id)
}

const patch = (client: ApiClient, user: User, rule: number, body: Record<string, unknown>) => client.patch(`/api/detection_rules/${rule}`).json(body).loginAs(user).withCsrfToken()

/** Puts every rule back to its defaults, as the migration left them, for the files after this one. */
async function restoreDefaults() {
  for (const row of defaultRuleRows()) {
    await db.from('detection_rules').where('rule', row.rule).update({ enabled: row.enabled, settings: JSON.stringify(row.settings) })
  }
}

test.group('detection rules tuned by an admin', (group) => {
  let collector: JsonFlowCollector
  let dir = ''
  const marker = new FlowExportEncoder({ version: 9, bootMs: Date.now() - 60_000 })
  const markSocket = dgram.createSocket('udp4')
  let marks = 0

  /** What softflowd exported of the capture, every datagram of it printed (the marker sent after it came through). */
  async function exported(packets: TestPacket[], name: string): Promise<FlowRecord[]> {
    const file = join(dir, `${name}.pcap`)
    await writeFile(file, pcapFile(packets))
    await softflowdExport(file, [collector.port], 9)
    const n = ++marks
    const now = Date.now()
    const [datagram] = marker.encode([{ srcAddr: MARK, dstAddr: MARK, srcPort: n, dstPort: n, protocol: 17, packets: 1, bytes: 28, firstMs: now, lastMs: now, tcpFlags: 0, inputIf: 0, outputIf: 0 }], now)
    await new Promise((resolve) => markSocket.send(datagram, collector.port, '127.0.0.1', resolve))
    await until('the marker flow after the export', () => collector.printed.some((f) => f.srcAddr === MARK && f.srcPort === n), { timeoutMs: 60_000 })
    const flows = collector.printed.filter((f) => f.srcAddr !== MARK)
    collector.printed = []
    return flows
  }

  group.setup(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rule-tuning-'))
    collector = await new JsonFlowCollector(await freeUdpPort('127.0.0.1')).start()
    await restoreDefaults()
    return async () => {
      collector.stop()
      markSocket.close()
      await restoreDefaults()
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('the stored rules are the defaults; admins, analysts and auditors read them, a liaison may not', async ({ client, assert }) => {
    const admin = await makeUser('admin')
    const list = await client.get('/api/detection_rules').loginAs(admin)
    list.assertStatus(200)
    const shown = Object.fromEntries((list.body() as any[]).map((r) => [r.rule, { rule: r.rule, enabled: r.enabled, settings: r.settings }]))
    assert.deepEqual(shown, Object.fromEntries(defaultRuleRows().map((r) => [r.rule, r])))
    for (const role of ['analyst', 'auditor', 'noc', 'cio'] as const) (await client.get('/api/detection_rules').loginAs(await makeUser(role))).assertStatus(200)
    const { ministry } = await makeAgencyTree()
    ;(await client.get('/api/detection_rules').loginAs(await makeUser('agency_liaison', ministry.id))).assertStatus(403)
  })

  test('a changed threshold changes what the running rules raise on a real softflowd export, without a restart', async ({ client, assert }) => {
    const admin = await makeUser('admin')
    const scanFlows = await exported(scan(), 'scan')
    const guessFlows = await exported(guessing(), 'guessing')
    const detections = new FlowDetections(defaultSite(), { rulesRefreshMs: 0 })
    const portScan = await ruleId('port_scan')
    const bruteForce = await ruleId('brute_force')
    // Indicators other files publish (random TEST-NET addresses) must not add hits to the count.
    ;(await patch(client, admin, await ruleId('indicator'), { enabled: false })).assertStatus(200)
    try {
      assert.equal(await detections.observe(scanFlows, true), 1, 'the defaults (100 ports) find the 150-port scan')
      assert.equal(await detections.observe(guessFlows, false), 1, 'the defaults (20 sessions) find the 25 guesses')

      ;(await patch(client, admin, portScan, { settings: { distinctPorts: 200 } })).assertStatus(200)
      assert.equal(await detections.observe(scanFlows, false), 0, '150 ports are under a threshold of 200')
      assert.equal(detections.engine!.rules.portScan.distinctPorts, 200)
      // The other settings of the row stay as they were.
      assert.equal(detections.engine!.rules.portScan.windowSeconds, 60)

      ;(await patch(client, admin, portScan, { settings: { distinctPorts: 120 } })).assertStatus(200)
      assert.equal(await detections.observe(scanFlows, false), 1, '150 ports are over a threshold of 120')

      ;(await patch(client, admin, portScan, { enabled: false })).assertStatus(200)
      assert.equal(await detections.observe(scanFlows, false), 0, 'a rule switched off raises nothing')

      ;(await patch(client, admin, bruteForce, { settings: { attempts: 30 } })).assertStatus(200)
      assert.equal(await detections.observe(guessFlows, false), 0, '25 sessions are under 30')
      ;(await patch(client, admin, bruteForce, { settings: { attempts: 20, ports: [3389, 445] } })).assertStatus(200)
      assert.equal(await detections.observe(guessFlows, false), 0, 'port 22 is no longer a login port')
      ;(await patch(client, admin, bruteForce, { settings: { ports: [22, 3389] } })).assertStatus(200)
      assert.equal(await detections.observe(guessFlows, false), 1)

      // Sources an admin lists are never reported.
      const general = await ruleId('general')
      ;(await patch(client, admin, general, { settings: { ignoreSources: ['203.0.113.0/28'] } })).assertStatus(200)
      assert.equal(await detections.observe(guessFlows, false), 0, 'the guessing source is ignored')
      assert.isAtLeast(detections.engines, 7, 'each change started a fresh engine')
    } finally {
      await detections.close()
    }

    // Every change is in the audit log, with the settings before and after.
    const audit = await db.from('audit_log').where({ entity: 'detection_rules', entity_id: String(portScan) }).orderBy('id')
    assert.isAtLeast(audit.length, 3)
    const first = audit.at(-3)
    assert.equal(first.action, 'update')
    assert.equal(first.before.settings.distinctPorts, 100)
    assert.equal(first.after.settings.distinctPorts, 200)
    assert.equal(first.actor_email, admin.email)
  }).timeout(180_000)

  test('only admins change the rules; none is added or removed', async ({ client }) => {
    const portScan = await ruleId('port_scan')
    const { ministry } = await makeAgencyTree()
    for (const user of [await makeUser('analyst'), await makeUser('noc'), await makeUser('auditor'), await makeUser('agency_liaison', ministry.id)]) {
      ;(await patch(client, user, portScan, { settings: { distinctPorts: 5 } })).assertStatus(403)
      ;(await client.put(`/api/detection_rules/${portScan}`).json({ rule: 'port_scan', enabled: false, settings: {} }).loginAs(user).withCsrfToken()).assertStatus(403)
    }
    const admin = await makeUser('admin')
    ;(await client.post('/api/detection_rules').json({ rule: 'port_scan', enabled: true, settings: {} }).loginAs(admin).withCsrfToken()).assertStatus(403)
    ;(await client.delete(`/api/detection_rules/${portScan}`).loginAs(admin).withCsrfToken()).assertStatus(403)
    ;(await client.patch(`/api/detection_rules/${portScan}`).json({ settings: { distinctPorts: 5 } }).withCsrfToken()).assertStatus(401)
  })

  test('mistyped or impossible settings are a 422 naming the setting, in the reader\u2019s language', async ({ client, assert }) => {
    await restoreDefaults()
    const admin = await makeUser('admin')
    const ids = { portScan: await ruleId('port_scan'), general: await ruleId('general'), beaconing: await ruleId('beaconing'), bruteForce: await ruleId('brute_force') }
    const refused: Array<[number, Record<string, unknown>, string]> = [
      [ids.portScan, { settings: { distinctPorts: 'many' } }, 'settings.distinctPorts'],
      [ids.portScan, { settings: { distinctPorts: 1 } }, 'settings.distinctPorts'],
      [ids.portScan, { settings: { windowSeconds: 2.5 } }, 'settings.windowSeconds'],
      [ids.portScan, { settings: { distinctHosts: 50 } }, 'settings.distinctHosts'],
      [ids.portScan, { enabled: 'sometimes' }, 'enabled'],
      [ids.portScan, { rule: 'host_sweep' }, 'rule'],
      [ids.portScan, { rule: 'nonsense' }, 'rule'],
      [ids.portScan, { settings: 'distinctPorts=5' }, 'settings'],
      [ids.general, { enabled: false }, 'enabled'],
      [ids.general, { settings: { ignoreSources: ['10.0.0.0/8', 'not-an-address'] } }, 'settings.ignoreSources.1'],
      [ids.bruteForce, { settings: { ports: [22, 70_000] } }, 'settings.ports.1'],
      [ids.bruteForce, { settings: { ports: [] } }, 'settings.ports'],
      [ids.beaconing, { settings: { minIntervalSeconds: 600, maxIntervalSeconds: 60 } }, 'settings.minIntervalSeconds'],
      [ids.beaconing, { settings: { maxJitter: 0 } }, 'settings.maxJitter'],
    ]
    for (const [id, body, field] of refused) {
      const answer = await patch(client, admin, id, body)
      assert.equal(answer.status(), 422, `${JSON.stringify(body)}: ${answer.text()}`)
      assert.include(answer.body().errors.map((e: { field: string }) => e.field), field, JSON.stringify(answer.body()))
      assert.notMatch(answer.text(), /at .*\.ts:\d+|SELECT|violates/, 'no stack or SQL in the answer')
    }
    // Nothing refused was stored.
    const stored = await db.from('detection_rules').where('rule', 'port_scan').firstOrFail()
    assert.equal(stored.settings.distinctPorts, 100)
    assert.isUndefined(stored.settings.distinctHosts)

    const chinese = await makeUser('admin')
    await db.from('users').where('id', chinese.id).update({ locale: 'zh-TW' })
    chinese.locale = 'zh-TW'
    const zh = await patch(client, chinese, ids.general, { settings: { ignoreSources: ['not-an-address'] } })
    zh.assertStatus(422)
    assert.include(zh.text(), '不是有效的 IPv4 或 IPv6 位址或網段')
    const zhRange = await patch(client, chinese, ids.beaconing, { settings: { minIntervalSeconds: 600, maxIntervalSeconds: 60 } })
    zhRange.assertStatus(422)
    assert.include(zhRange.text(), '最短間隔不可大於最長間隔')
  })
})
