import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { clearInventory, seedDemo } from '#app/demo/loader'
import { Enricher } from '#app/flows/enrichment'
import { loadSnapshot } from '#app/flows/inventory_cache'
import { fromDetection } from '#app/security/security_event'
import { fileSecurityEvent } from '#app/security/security_service'
import { makeUser } from '#tests/support/fixtures'
import { DetectionEngine } from '#app/detections/engine'
import type { DetectionEvent } from '#app/detections/detection'
import { DEMO_SEED } from '#app/demo/data_set'
import { demoPrefixRows } from '#app/demo/address_plan'
import { ATTACK_ROUND_SECONDS, roundStart, type AttackRound } from '#app/demo/sim/attacks'
import { FlowExporters } from '#app/demo/sim/flow_exporters'
import { talkersFor } from '#app/demo/sim/flow_talkers'
import { buildDeviceSpecs } from '#app/demo/sim/inventory'
import { SimNetwork } from '#app/demo/sim/model'
import { freeUdpPort } from '#tests/functional/sim/udp'
import { until } from '#tests/support/wait'
import { demoInventory } from '#tests/support/demo_inventory'
import { JsonFlowCollector } from '#tests/support/json_flow_collector'

/**
 * The demo network attacks itself, seen the way the console sees it: every uplink router of the
 * demo data set exports its flows (NetFlow v9 and IPFIX, each from its own 127.10.x.y address)
 * over real UDP to the real `flows:collect --json`, and what the collector prints goes through
 * all seven detection rules with the demo's agency prefixes. Over the first two attack rounds
 * (six and a half minutes of the demo's clock, moved by the test) the rules find each round's
 * port scan, password guessing and host sweep, from the round's attacker against its targets,
 * and nothing else in the ordinary traffic of the 40 routers beside them.
 */

/** Monday 30 November 2026, 10:00:03 in Taipei: an office morning. */
const START = Date.UTC(2026, 10, 30, 2, 0, 3)
const ROUNDS = 2

function demoNetwork() {
  const { devices, links, agencies } = demoInventory(new Date(START))
  const { specs, problems } = buildDeviceSpecs(devices, links)
  if (problems.length) throw new Error(problems.join('\n'))
  return { network: new SimNetwork(specs, { seed: DEMO_SEED }), talkers: talkersFor(devices, agencies) }
}

test.group('demo attacks → flows:collect → detections', (group) => {
  let collector: JsonFlowCollector
  let exporters: FlowExporters
  const clock = { at: START }
  const announced: AttackRound[] = []
  /** What the rules found over the two rounds, filed as security events by the next test. */
  let found: DetectionEvent[] = []
  let rounds: AttackRound[] = []

  group.setup(async () => {
    const { network, talkers } = demoNetwork()
    collector = await new JsonFlowCollector(await freeUdpPort('127.0.0.1')).start()
    exporters = await new FlowExporters(network, { sink: { host: '127.0.0.1', port: collector.port }, talkers, clock: () => clock.at, onAttack: (r) => announced.push(r) }).start({ tick: false })
    return async () => {
      collector.stop()
      await exporters?.stop()
    }
  })

  test('each round\'s scan, guessing and sweep are found, from its attacker, and nothing else', async ({ assert }) => {
    assert.isAtLeast(exporters.exporters.size, 30)
    const epoch = exporters.epoch
    const end = roundStart(epoch, ROUNDS - 1) + ATTACK_ROUND_SECONDS + 10
    // The routers' own ticker at each interval's end, every interval waited for in full.
    for (let from = epoch - (epoch % 10); from < end; from += 10) {
      clock.at = (from + 10) * 1000
      exporters.tick()
      await until(`the collector to print the flows up to ${from + 10}`, () => collector.printed.length >= exporters.stats.flows, { timeoutMs: 60_000 })
    }
    const printed = collector.printed
    assert.equal(printed.length, exporters.stats.flows)

    const engine = new DetectionEngine({ internalPrefixes: demoPrefixRows().map((r) => r.prefix) })
    const events: DetectionEvent[] = engine.observeAll(printed)
    found = events
    rounds = [0, 1].map((i) => exporters.attackRound(i).round!)
    const seen = events.map((e) => `${e.kind} ${e.source} ${e.target} ${e.port}`).sort()
    const expected: string[] = []
    for (let i = 0; i < ROUNDS; i++) {
      const round = exporters.attackRound(i).round!
      const sweep = round.sweep.protocol === 6 ? '*:445/tcp 445' : '*:icmp-echo null'
      expected.push(`port_scan ${round.attacker} ${round.scanTarget} null`, `brute_force ${round.attacker} ${round.guessTarget} ${round.guessPort}`, `host_sweep ${round.attacker} ${sweep}`)
      // The attack came in over the uplink the round chose, from that router's address.
      const router = exporters.exporters.get(round.exporter)!.device.address
      const attack = printed.filter((f) => f.srcAddr === round.attacker || f.dstAddr === round.attacker)
      assert.isAbove(attack.length, 150 * 2 + 24 * 2 + 64)
      assert.deepEqual([...new Set(attack.map((f) => f.exporter))], [router])
    }
    assert.deepEqual(seen, expected.sort())
    // Each round was announced once (demo:network logs it), as its first flows went out.
    assert.deepEqual(
      announced.map((r) => r.index),
      [0, 1]
    )
    // The first round is found within half a minute of the exporters starting (flow time).
    const firstScan = events.find((e) => e.kind === 'port_scan')!
    assert.isAtMost(firstScan.lastSeen.getTime() - epoch * 1000, 30_000)
    const firstGuessing = events.find((e) => e.kind === 'brute_force')!
    assert.isAtMost(firstGuessing.lastSeen.getTime() - epoch * 1000, 60_000)
    // The normal traffic was plenty: ordinary flows outnumber the attack's many times over.
    assert.isAbove(printed.length, 50 * events.reduce((n, e) => n + e.counts.flows, 0))
  }).timeout(600_000)

  // Done when (issue 11): the demo's attacks become graded incidents in the analyst's queue within
  // a minute, with their evidence and legal clocks running. The detections above, filed by the
  // security worker's own code on the seeded demo (its agencies, prefixes and routers).
  test('the rounds\' detections open security incidents graded from the first minute, clocks running, in the analyst\'s queue', async ({ assert, client, cleanup }) => {
    assert.lengthOf(found, ROUNDS * 3, 'the previous test found the rounds\' attacks')
    const outcome = await seedDemo({ fresh: true, password: 'demo-password-for-tests', generator: { now: new Date() } })
    assert.equal(outcome.status, 'loaded')
    cleanup(async () => {
      await db.transaction((trx) => clearInventory(trx))
    })
    const enricher = new Enricher(await loadSnapshot())
    const filed = new Date()
    const outcomes = []
    // flows:work places every flow (device, link, agencies) before the rules see it; so here.
    for (const event of found) {
      const placed = { ...event, evidence: event.evidence.map((f) => ({ ...f, ...enricher.place(f) })) }
      outcomes.push(await fileSecurityEvent(fromDetection(placed), enricher))
    }
    // One incident per attack: scan, guessing and sweep differ in kind; a later round joins an
    // earlier one's incident only where it hit the same host with the same kind.
    assert.deepEqual(outcomes.map((o) => (o.outcome === 'joined' ? 'opened' : o.outcome)), found.map(() => 'opened'))
    const ids = outcomes.map((o) => (o as { incidentId: number }).incidentId)
    assert.isAtLeast(new Set(ids).size, 3)

    const analyst = await makeUser('analyst')
    const queue = await client.get('/api/incidents').qs({ filter: JSON.stringify({ type: 'security' }), sort: JSON.stringify(['opened_at', 'DESC']), range: '[0,99]' }).loginAs(analyst)
    queue.assertStatus(200)
    const shown = (queue.body() as any[]).filter((i) => ids.includes(i.id))
    assert.lengthOf(shown, new Set(ids).size, 'every attack\'s incident is in the queue')
    for (const incident of shown) {
      const event = found[ids.indexOf(incident.id)]
      // The demo's targets are desktops and servers of no core system: level 1 proposed, to be confirmed.
      assert.equal(incident.security_level, 1, `${event.kind}: ${JSON.stringify(incident.security_assessment)}`)
      assert.isFalse(incident.security_level_reviewed)
      assert.equal(incident.security_assessment.systems, 'non_core')
      const clocks = Object.fromEntries((incident.legal_clocks as any[]).map((c) => [c.clock, c]))
      assert.equal(clocks.report.state, 'running')
      assert.equal(clocks.contain.level, 1)
      assert.equal(new Date(clocks.contain.due_at).getTime() - new Date(clocks.contain.starts_at).getTime(), 72 * 3_600_000, 'levels 1–2: 72 hours to contain')
      assert.isAtMost(new Date(clocks.report.starts_at).getTime() - filed.getTime(), 60_000)
      // The evidence: its event, the flows behind it, from the round's attacker.
      const evidence = await client.get(`/api/incidents/${incident.id}/security_events`).loginAs(analyst)
      evidence.assertStatus(200)
      assert.include(JSON.stringify(evidence.body()), event.source)
      const level = await db.from('incident_timeline').where({ incident_id: incident.id, kind: 'level' }).firstOrFail()
      assert.equal(level.message.key, 'detections.level_proposed')
    }
    assert.sameMembers([...new Set(found.map((e) => e.source))], rounds.map((r) => r.attacker))
  }).timeout(600_000)
})
