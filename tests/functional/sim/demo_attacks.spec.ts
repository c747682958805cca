import { test } from '@japa/runner'
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
})
