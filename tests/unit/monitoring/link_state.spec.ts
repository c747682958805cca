import { test } from '@japa/runner'
import {
  DEFAULT_POLICIES,
  initialMemory,
  isAlarm,
  policyFor,
  stepLink,
  type LinkMemory,
  type LinkPolicy,
  type Observation,
  type Step,
} from '#app/monitoring/link_health/link_state'
import { reasonWords } from '#app/monitoring/link_health/link_reason_messages'

const T0 = Date.parse('2026-11-26T08:00:00Z')
const legacy = DEFAULT_POLICIES.legacy

/** An observation `s` seconds after T0 of a healthy, quiet interface, with changes. */
function obs(s: number, over: Partial<Observation> = {}): Observation {
  return {
    linkId: 1,
    at: new Date(T0 + s * 1000),
    reachable: true,
    operStatus: 'up',
    adminStatus: 'up',
    inUtil: 0.2,
    outUtil: 0.1,
    errorRate: 0,
    ...over,
  }
}

/** Runs observations through the rules from a fresh link; returns every step. */
function run(observations: Observation[], policy: LinkPolicy = legacy, start: LinkMemory = initialMemory()): Step[] {
  const steps: Step[] = []
  let memory = start
  for (const o of observations) {
    const step = stepLink(memory, o, policy)
    steps.push(step)
    memory = step.memory
  }
  return steps
}

const last = (steps: Step[]) => steps[steps.length - 1].memory
const every = (fromS: number, toS: number, stepS: number, over: Partial<Observation> | ((s: number) => Partial<Observation>)) => {
  const out: Observation[] = []
  for (let s = fromS; s <= toS; s += stepS) out.push(obs(s, typeof over === 'function' ? over(s) : over))
  return out
}

test.group('link state: up, down, unknown', () => {
  test('a quiet interface that is up reads up', ({ assert }) => {
    const m = last(run([obs(0)]))
    assert.equal(m.state, 'up')
    assert.isFalse(m.adminDown)
    assert.equal(m.since!.getTime(), T0)
  })

  test('oper down while admin up is down, and an alarm', ({ assert }) => {
    for (const oper of ['down', 'lowerLayerDown', 'notPresent']) {
      const m = last(run([obs(0), obs(60, { operStatus: oper, inUtil: null, outUtil: null })]))
      assert.equal(m.state, 'down', oper)
      assert.isFalse(m.adminDown)
      assert.deepEqual(m.reason, [{ key: 'link_state.oper_down', params: { status: oper } }])
      assert.equal(reasonWords(m.reason, 'en'), `ifOperStatus ${oper}`)
      assert.isTrue(isAlarm(m.state, m.adminDown))
    }
  })

  test('a port shut on purpose reads down with the admin flag and is no alarm', ({ assert }) => {
    const steps = run([obs(0), obs(60, { adminStatus: 'down', operStatus: 'down' })])
    const m = last(steps)
    assert.equal(m.state, 'down')
    assert.isTrue(m.adminDown)
    assert.isFalse(isAlarm(m.state, m.adminDown))
    assert.isTrue(steps[1].changed)
    // Someone shutting a port that had failed is a change too: the alarm goes, the state stays.
    const shut = run([obs(0, { operStatus: 'down' }), obs(60, { operStatus: 'down', adminStatus: 'down' })])
    assert.isTrue(shut[1].changed)
    assert.equal(shut[1].from, 'down')
  })

  test('an unreachable device makes its link unknown, whatever was last read', ({ assert }) => {
    const m = last(run([obs(0), obs(60, { reachable: false, operStatus: null, adminStatus: null, inUtil: null, outUtil: null, errorRate: null })]))
    assert.equal(m.state, 'unknown')
    assert.equal(reasonWords(m.reason, 'en'), 'device did not answer')
    assert.equal(reasonWords(m.reason, 'zh-TW'), '設備未回應')
    assert.isFalse(isAlarm(m.state, m.adminDown))
  })

  test('an interface status that cannot be read is unknown; testing is degraded; dormant is up', ({ assert }) => {
    assert.equal(last(run([obs(0, { operStatus: null })])).state, 'unknown')
    assert.equal(last(run([obs(0, { operStatus: 'unknown' })])).state, 'unknown')
    assert.equal(last(run([obs(0, { operStatus: 'testing' })])).state, 'degraded')
    assert.equal(last(run([obs(0, { operStatus: 'dormant' })])).state, 'up')
  })

  test('a repeated state is no change and keeps its since', ({ assert }) => {
    const steps = run([obs(0), obs(60, { operStatus: 'down' }), obs(120, { operStatus: 'down' })])
    assert.isTrue(steps[1].changed)
    assert.isFalse(steps[2].changed)
    assert.equal(steps[2].memory.since!.getTime(), T0 + 60_000)
  })
})

test.group('link state: degraded', () => {
  test('high utilisation degrades only once it has lasted the whole window', ({ assert }) => {
    const steps = run(every(0, 300, 60, { inUtil: 0.9 }))
    assert.deepEqual(
      steps.map((s) => s.memory.state),
      ['up', 'up', 'up', 'up', 'up', 'degraded'],
      'six polls a minute apart span five minutes'
    )
    assert.deepEqual(steps[5].memory.reason, [{ key: 'link_state.util_high', params: { util: 90, threshold: 80, minutes: 5 } }])
    assert.equal(reasonWords(steps[5].memory.reason, 'en'), 'utilisation 90% above 80% for 5 min')
    assert.equal(reasonWords(steps[5].memory.reason, 'zh-TW'), '使用率 90%，超過 80% 已 5 分鐘')
  })

  test('window boundary: one second short is still up, the window itself is degraded', ({ assert }) => {
    const high = { outUtil: 0.95 }
    assert.equal(last(run([obs(0, high), obs(299, high)])).state, 'up')
    assert.equal(last(run([obs(0, high), obs(300, high)])).state, 'degraded')
  })

  test('the threshold itself is not above it', ({ assert }) => {
    assert.equal(last(run(every(0, 600, 60, { inUtil: 0.8 }))).state, 'up')
    assert.equal(last(run(every(0, 600, 60, { inUtil: 0.8001 }))).state, 'degraded')
  })

  test('one normal poll inside the window starts the count again', ({ assert }) => {
    const observations = every(0, 600, 60, (s) => ({ inUtil: s === 180 ? 0.5 : 0.9 }))
    const states = run(observations).map((s) => s.memory.state)
    // High again from 240 s: degraded at 540 s, not before.
    assert.equal(states[8], 'up')
    assert.equal(states[9], 'degraded')
  })

  test('a poll without a rate (counter reset) neither breaks nor extends the run', ({ assert }) => {
    const observations = every(0, 300, 60, (s) => (s === 120 ? { inUtil: null, outUtil: null } : { inUtil: 0.9 }))
    assert.equal(last(run(observations)).state, 'degraded')
  })

  test('degraded clears at the first poll back under the threshold', ({ assert }) => {
    const steps = run([...every(0, 300, 60, { inUtil: 0.9 }), obs(360, { inUtil: 0.3 })])
    assert.equal(steps[5].memory.state, 'degraded')
    assert.equal(steps[6].memory.state, 'up')
    assert.isNull(steps[6].memory.utilHighSince)
  })

  test('a high error rate degrades at once; the threshold is per kind', ({ assert }) => {
    assert.equal(last(run([obs(0, { errorRate: 1 })])).state, 'up', 'legacy threshold is 1/s, and 1/s is not above it')
    const m = last(run([obs(0, { errorRate: 2.5 })]))
    assert.equal(m.state, 'degraded')
    assert.equal(reasonWords(m.reason, 'en'), '2.5 errors/s above 1/s')
    assert.equal(last(run([obs(0, { errorRate: 2.5 })], DEFAULT_POLICIES.uplink)).state, 'up')
    assert.equal(last(run([obs(0, { errorRate: 11 })], DEFAULT_POLICIES.uplink)).state, 'degraded')
  })

  test('an error window, when configured, must be lasted like the utilisation one', ({ assert }) => {
    const policy = policyFor('legacy', { legacy: { errorWindowS: 120 } })
    assert.deepEqual(
      run(every(0, 120, 60, { errorRate: 5 }), policy).map((s) => s.memory.state),
      ['up', 'up', 'degraded']
    )
  })

  test('going down or unknown forgets a high-utilisation run', ({ assert }) => {
    const observations = [
      ...every(0, 240, 60, { inUtil: 0.9 }),
      obs(250, { reachable: false }),
      ...every(300, 360, 60, { inUtil: 0.9 }),
    ]
    assert.equal(last(run(observations)).state, 'up')
  })

  test('policies: defaults per kind, overridden per kind', ({ assert }) => {
    assert.equal(policyFor('uplink').utilThreshold, 0.8)
    assert.equal(policyFor('uplink').utilWindowS, 300)
    const p = policyFor('uplink', { uplink: { utilThreshold: 0.9 }, legacy: { utilThreshold: 0.5 } })
    assert.equal(p.utilThreshold, 0.9)
    assert.equal(p.errorRateThreshold, DEFAULT_POLICIES.uplink.errorRateThreshold)
    assert.equal(policyFor('legacy').utilThreshold, 0.8, 'overrides do not leak into the defaults')
  })
})

test.group('link state: flapping', () => {
  const down = { operStatus: 'down', inUtil: null, outUtil: null }
  /** Up at 0, then alternating down/up every `gap` seconds, `changes` times. */
  const bouncing = (changes: number, gap: number) => [obs(0), ...Array.from({ length: changes }, (_, i) => obs((i + 1) * gap, i % 2 === 0 ? down : {}))]

  test('five changes within ten minutes mark the link flapping, on the fifth', ({ assert }) => {
    const steps = run(bouncing(5, 60))
    assert.deepEqual(steps.map((s) => s.memory.flapping), [false, false, false, false, false, true])
    assert.isTrue(steps[5].flapStarted)
    assert.equal(steps[5].memory.recentChanges.length, 5)
  })

  test('the same changes spread wider than the window are not flapping', ({ assert }) => {
    const steps = run(bouncing(8, 160))
    assert.isFalse(steps.some((s) => s.memory.flapping))
  })

  test("a link's first observation is not counted as a change", ({ assert }) => {
    // unknown → up (first poll, not counted), then four real changes: not yet flapping.
    const steps = run(bouncing(4, 30))
    assert.isTrue(steps[0].changed)
    assert.deepEqual(steps[0].memory.recentChanges, [])
    assert.isFalse(last(steps).flapping)
  })

  test('flapping lasts until the link has kept one state for the hold time', ({ assert }) => {
    // The fifth change (300 s) leaves it down; it then stays down.
    const steps = run([...bouncing(5, 60), obs(300 + 599, down), obs(300 + 600, down), obs(300 + 660, down)])
    assert.isTrue(steps[6].memory.flapping, '599 s stable is not yet the 600 s hold')
    assert.isFalse(steps[7].memory.flapping)
    assert.isTrue(steps[7].flapEnded)
    assert.isFalse(steps[8].flapEnded, 'it ends once')
  })

  test('a change during the hold starts the hold again', ({ assert }) => {
    // Down at 300 s (flapping), up at 700 s: the hold counts from 700 s, not 300 s.
    const steps = run([...bouncing(5, 60), obs(700), obs(700 + 599), obs(700 + 600)])
    assert.isTrue(steps[6].memory.flapping)
    assert.isTrue(steps[7].memory.flapping)
    assert.isFalse(steps[8].memory.flapping)
    assert.equal(steps[8].memory.state, 'up')
    const settledDown = run([...bouncing(5, 60), obs(300 + 600, down)])
    assert.isFalse(last(settledDown).flapping)
    assert.equal(last(settledDown).state, 'down', 'it may settle in a fault')
  })

  test('the flap window and count come from the policy', ({ assert }) => {
    const policy = policyFor('legacy', { legacy: { flapChanges: 3, flapWindowS: 120 } })
    assert.isTrue(last(run(bouncing(3, 40), policy)).flapping)
    assert.isFalse(last(run(bouncing(3, 61), policy)).flapping)
  })
})
