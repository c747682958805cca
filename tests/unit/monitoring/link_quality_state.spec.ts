import { test } from '@japa/runner'
import {
  DEFAULT_POLICIES,
  initialMemory,
  stepLink,
  type LinkMemory,
  type LinkPolicy,
  type Observation,
  type Step,
} from '#app/monitoring/link_health/link_state'
import { decideAlarm } from '#app/monitoring/link_health/alarm_rules'
import { reasonWords } from '#app/monitoring/link_health/link_reason_messages'
import type { BurstFigures } from '#app/line_quality/quality_rules'

const T0 = Date.parse('2026-11-26T08:00:00Z')
const legacy = DEFAULT_POLICIES.legacy

/** A poll `s` seconds after T0 of a healthy, quiet interface, with changes. */
function poll(s: number, over: Partial<Observation> = {}): Observation {
  return { linkId: 1, at: new Date(T0 + s * 1000), reachable: true, operStatus: 'up', adminStatus: 'up', inUtil: 0.2, outUtil: 0.1, errorRate: 0, ...over }
}

/** A burst of 20 probes `s` seconds after T0: its loss share, median and jitter. */
function burst(s: number, loss: number | null, rttMedianMs: number | null = 12, jitterMs: number | null = 1, sent = 20): Observation {
  const probe: BurstFigures = { sent, loss, rttMedianMs: loss === 1 ? null : rttMedianMs, jitterMs: loss === 1 ? null : jitterMs }
  return { linkId: 1, at: new Date(T0 + s * 1000), reachable: true, operStatus: null, adminStatus: null, inUtil: null, outUtil: null, errorRate: null, probe }
}

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
const states = (steps: Step[]) => steps.map((s) => s.memory.state)

test.group('link state: echo bursts', () => {
  test('a lossy line turns degraded once two bursts in a row agree, and recovers the same way', ({ assert }) => {
    const steps = run([poll(0), burst(10, 0), burst(70, 0.3), burst(130, 0.25), burst(190, 0), burst(250, 0)])
    assert.deepEqual(states(steps), ['up', 'up', 'up', 'degraded', 'degraded', 'up'])
    const degraded = steps[3].memory
    assert.deepEqual(degraded.reason, [{ key: 'line_quality.loss', params: { loss: 25, threshold: 5 } }])
    assert.equal(reasonWords(degraded.reason, 'en'), 'packet loss 25% at or above 5%')
    assert.equal(reasonWords(degraded.reason, 'zh-TW'), '封包遺失率 25%，達 5% 門檻')
    assert.isTrue(steps[3].changed)
    assert.isTrue(steps[5].changed)
    // The interface's readings are the last poll's, whatever the bursts say.
    assert.equal(steps[5].memory.readings.inUtil, 0.2)
    assert.equal(steps[5].memory.lastPollAt!.getTime(), T0, 'bursts are not polls')
  })

  test('one unlucky burst between clean ones changes nothing', ({ assert }) => {
    const steps = run([poll(0), burst(10, 0), burst(70, 0.05), burst(130, 0), burst(190, 0.1), burst(250, 0)])
    assert.deepEqual(states(steps), ['up', 'up', 'up', 'up', 'up', 'up'])
    assert.isFalse(steps.slice(1).some((s) => s.changed))
  })

  test('every probe lost is down; a line only probed (no polls) is judged by its bursts alone', ({ assert }) => {
    const steps = run([burst(0, 0), burst(60, 1), burst(120, 1)])
    assert.deepEqual(states(steps), ['up', 'up', 'down'])
    assert.equal(reasonWords(steps[2].memory.reason, 'en'), 'no answer to 20 echo probes (100% lost)')
    assert.isNull(steps[2].memory.polled)
    assert.deepEqual(states(run([burst(0, 1)])), ['up'], 'a first lossy burst waits for the second')
  })

  test('latency and jitter above the class thresholds degrade; uplinks are held to tighter ones', ({ assert }) => {
    const slow = run([poll(0), burst(10, 0, 180), burst(70, 0, 190)])
    assert.equal(slow[2].memory.state, 'degraded')
    assert.equal(reasonWords(slow[2].memory.reason, 'zh-TW'), '往返延遲 190 毫秒，超過 150 毫秒')
    assert.equal(run([poll(0), burst(10, 0, 60), burst(70, 0, 60)])[2].memory.state, 'up', '60 ms is fine on a legacy line')
    assert.equal(run([poll(0), burst(10, 0, 60), burst(70, 0, 60)], DEFAULT_POLICIES.uplink)[2].memory.state, 'degraded')
  })

  test('an interface down, shut or unseen is what the polls say, whatever the probes answer', ({ assert }) => {
    const down = run([poll(0, { operStatus: 'down' }), burst(10, 0), burst(70, 0)])
    assert.deepEqual(states(down), ['down', 'down', 'down'])
    assert.equal(reasonWords(down[2].memory.reason, 'en'), 'ifOperStatus down')
    const unseen = run([poll(0, { reachable: false, operStatus: null }), burst(10, 0.5), burst(70, 0.5)])
    assert.deepEqual(states(unseen), ['unknown', 'unknown', 'unknown'], "an unreachable device's incident stands for its links")
  })

  test('an interface up with every probe lost is down; both degraded gives both reasons', ({ assert }) => {
    const lost = run([poll(0), burst(10, 1), burst(70, 1), poll(80)])
    assert.deepEqual(states(lost), ['up', 'up', 'down', 'down'], 'the next poll keeps the bursts verdict')
    const both = run([burst(0, 0.3), burst(60, 0.3), poll(70, { errorRate: 2.5 })])
    assert.equal(both[2].memory.state, 'degraded')
    assert.equal(reasonWords(both[2].memory.reason, 'en'), '2.5 errors/s above 1/s; packet loss 30% at or above 5%')
  })

  test('a verdict of bursts that stopped coming no longer counts', ({ assert }) => {
    const steps = run([poll(0), burst(10, 0.3), burst(70, 0.3), poll(300), poll(371)])
    assert.deepEqual(states(steps), ['up', 'up', 'degraded', 'degraded', 'up'], 'older than five minutes at 371 s')
  })

  test('a burst that sent nothing says nothing', ({ assert }) => {
    const steps = run([poll(0), burst(10, 0.3), burst(70, null, null, null, 0), burst(130, 0.3)])
    assert.deepEqual(states(steps), ['up', 'up', 'up', 'degraded'])
  })

  test('the same alarm rules follow: an incident opens unless silenced, and settles on recovery', ({ assert }) => {
    const steps = run([poll(0), burst(10, 0.3), burst(70, 0.3), burst(130, 0), burst(190, 0)])
    const base = { suppressed: false, inMaintenance: false, retired: false, incident: null }
    assert.equal(decideAlarm({ ...base, step: steps[2] }).open, 'degraded')
    assert.deepEqual(decideAlarm({ ...base, step: steps[2] }).events, ['link.degraded'])
    assert.isNull(decideAlarm({ ...base, step: steps[2], inMaintenance: true }).open, 'silenced inside a maintenance window')
    assert.isNull(decideAlarm({ ...base, step: steps[2], suppressed: true }).open)
    assert.isTrue(decideAlarm({ ...base, step: steps[4], incident: { id: 7, status: 'new' } }).recover)
  })
})
