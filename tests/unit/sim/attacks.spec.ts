import { test } from '@japa/runner'
import { DetectionEngine } from '#app/detections/engine'
import { DEMO_ATTACKERS, DEMO_INTERNET_PREFIXES, demoAgencyPrefixes, demoPrefixRows } from '#app/demo/address_plan'
import {
  ATTACK_EVERY_SECONDS,
  ATTACK_ROUND_SECONDS,
  flowsInInterval,
  planRound,
  roundFlows,
  roundsBetween,
  roundStart,
  type AttackVictim,
} from '#app/demo/sim/attacks'
import { planFlows, type Talkers } from '#app/demo/sim/flow_plan'
import { PrefixSet } from '#app/detections/prefixes'
import { exportFlowRecord } from '#tests/support/export_flow_record'

/**
 * The demo's scheduled attacks as plain functions: when the rounds fall, whom each one picks,
 * that its flows fit inside the uplink's counted bytes, and that the rules find in them exactly
 * the scan, the password guessing and the sweep, round after round.
 */

const EPOCH = Date.UTC(2026, 10, 30, 2, 0, 3) / 1000
const victims: AttackVictim[] = ['MOI', 'MOF', 'MOE'].map((code, i) => ({
  exporter: `gsn-${code.toLowerCase()}-r1a`,
  uplinkIfIndex: 1 + (i % 2),
  prefixes: demoAgencyPrefixes(code)
    .map((p) => p.prefix)
    .filter((p) => !p.includes(':')),
}))

test.group('demo attacks: the schedule', () => {
  test('the first round starts within 30 s of the exporters, then one every few minutes, each in the intervals it falls in', ({ assert }) => {
    assert.isAtMost(roundStart(EPOCH, 0) - EPOCH, 30)
    assert.equal(roundStart(EPOCH, 3) - roundStart(EPOCH, 2), ATTACK_EVERY_SECONDS)
    assert.deepEqual(roundsBetween(EPOCH, EPOCH - 10, EPOCH), [])
    assert.deepEqual(roundsBetween(EPOCH, EPOCH, EPOCH + 10), [0])
    // A round's later flows still belong to it in the next intervals, and no longer after it.
    assert.deepEqual(roundsBetween(EPOCH, roundStart(EPOCH, 0) + ATTACK_ROUND_SECONDS - 5, roundStart(EPOCH, 0) + ATTACK_ROUND_SECONDS + 5), [0])
    assert.deepEqual(roundsBetween(EPOCH, roundStart(EPOCH, 1) + ATTACK_ROUND_SECONDS + 1, roundStart(EPOCH, 1) + ATTACK_ROUND_SECONDS + 11), [])
    assert.deepEqual(roundsBetween(EPOCH, roundStart(EPOCH, 1) - 5, roundStart(EPOCH, 1) + 5), [1])
  })

  test('a round is the same for the same start; attackers take turns; targets are the victim agency\'s hosts', ({ assert }) => {
    assert.deepEqual(planRound(4, EPOCH, victims), planRound(4, EPOCH, victims))
    assert.notDeepEqual(planRound(4, EPOCH, victims), planRound(4, EPOCH + 10, victims))
    const rounds = Array.from({ length: 8 }, (_, i) => planRound(i, EPOCH, victims)!)
    assert.deepEqual(
      rounds.map((r) => r.attacker),
      Array.from({ length: 8 }, (_, i) => DEMO_ATTACKERS[i % DEMO_ATTACKERS.length])
    )
    assert.deepEqual(
      rounds.map((r) => r.guessPort),
      [22, 3389, 22, 3389, 22, 3389, 22, 3389]
    )
    for (const r of rounds) {
      const victim = victims.find((v) => v.exporter === r.exporter)!
      assert.include(victim.prefixes, r.prefix)
      const inside = new PrefixSet([r.prefix])
      assert.isTrue([r.scanTarget, r.guessTarget, ...r.sweep.hosts].every((a) => inside.has(a)))
      assert.equal(new Set(r.sweep.hosts).size, 64)
      assert.isFalse(new PrefixSet(DEMO_INTERNET_PREFIXES).has(r.scanTarget))
    }
    assert.isAbove(new Set(rounds.map((r) => r.exporter)).size, 1)
    assert.isNull(planRound(0, EPOCH, []))
  })

  test('the attackers are outside the GSN and never drawn by the ordinary traffic', ({ assert }) => {
    const internal = new PrefixSet(demoPrefixRows().map((r) => r.prefix))
    const internet = new PrefixSet(DEMO_INTERNET_PREFIXES)
    for (const a of DEMO_ATTACKERS) {
      assert.isFalse(internal.has(a))
      assert.isTrue(internet.has(a))
    }
    const talkers: Talkers = {
      local: demoAgencyPrefixes('MOI').map((p) => p.prefix),
      remote: demoAgencyPrefixes('MOF').map((p) => p.prefix),
      internet: DEMO_INTERNET_PREFIXES,
      backup: [],
    }
    const attackers = new Set<string>(DEMO_ATTACKERS)
    for (let i = 0; i < 200; i++) {
      const flows = planFlows({ device: 'r', uplinkIfIndex: 1, lanIfIndex: 2, from: EPOCH + i * 10, to: EPOCH + i * 10 + 10, inBytes: 5e9, outBytes: 5e9, replicates: false }, talkers)
      assert.isFalse(flows.some((f) => attackers.has(f.srcAddr) || attackers.has(f.dstAddr)))
    }
  })
})

test.group('demo attacks: flows', () => {
  const talkers: Talkers = {
    local: demoAgencyPrefixes('MOI').map((p) => p.prefix),
    remote: demoAgencyPrefixes('MOF').map((p) => p.prefix),
    internet: DEMO_INTERNET_PREFIXES,
    backup: [],
  }

  test('an interval carrying an attack still adds up to the counters; a line too quiet for it does not carry it', ({ assert }) => {
    const round = planRound(0, EPOCH, victims)!
    const from = roundStart(EPOCH, 0) - 5
    const extra = flowsInInterval(roundFlows(round, 2), from, from + 10)
    assert.isAbove(extra.length, 100)
    assert.isTrue(extra.every((f) => f.firstMs >= from * 1000 && f.lastMs < (from + 10) * 1000))
    const traffic = { device: round.exporter, uplinkIfIndex: round.uplinkIfIndex, lanIfIndex: 2, from, to: from + 10, inBytes: 123_456_789, outBytes: 98_765_432, replicates: false }
    const flows = planFlows({ ...traffic, extra }, talkers)
    const sum = (out: boolean) => flows.filter((f) => (f.outputIf === traffic.uplinkIfIndex) === out).reduce((s, f) => s + f.bytes, 0)
    assert.equal(sum(true), traffic.outBytes)
    assert.equal(sum(false), traffic.inBytes)
    assert.includeDeepMembers(flows, extra)
    const idle = planFlows({ ...traffic, inBytes: 1000, outBytes: 1000, extra }, talkers)
    assert.isFalse(idle.some((f) => f.srcAddr === round.attacker || f.dstAddr === round.attacker))
  })

  test('round after round, the rules find exactly the scan, the guessing and the sweep', ({ assert }) => {
    const engine = new DetectionEngine({ internalPrefixes: demoPrefixRows().map((r) => r.prefix) })
    const seen: string[] = []
    const expected: string[] = []
    for (let i = 0; i < 6; i++) {
      const round = planRound(i, EPOCH, victims)!
      // As the exporters send them: 10 s intervals, each in the order the flows started.
      const all = roundFlows(round, 2)
      for (let from = round.start - (round.start % 10); from < round.start + ATTACK_ROUND_SECONDS; from += 10) {
        for (const event of engine.observeAll(flowsInInterval(all, from, from + 10).map((f) => exportFlowRecord(f)))) {
          seen.push(`${event.kind} ${event.source} ${event.target} ${event.port}`)
        }
      }
      const sweep = round.sweep.protocol === 6 ? '*:445/tcp 445' : '*:icmp-echo null'
      expected.push(`port_scan ${round.attacker} ${round.scanTarget} null`, `brute_force ${round.attacker} ${round.guessTarget} ${round.guessPort}`, `host_sweep ${round.attacker} ${sweep}`)
    }
    assert.deepEqual(seen.sort(), expected.sort())
  })
})
