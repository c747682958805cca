import { test } from '@japa/runner'
import { DEFAULT_POLICIES, initialMemory, stepLink, type LinkMemory, type Observation, type Step } from '#app/monitoring/link_health/link_state'
import {
  coveringWindows,
  decideAlarm,
  assessmentOf,
  suppressionOf,
  type AlarmContext,
  type AlarmDecision,
  type WindowView,
} from '#app/monitoring/link_health/alarm_rules'
import { DEFAULT_MATRIX, priorityFrom } from '#app/incidents/priority_matrix'

const T0 = Date.parse('2026-11-26T08:00:00Z')
const at = (s: number) => new Date(T0 + s * 1000)
const obs = (s: number, over: Partial<Observation> = {}): Observation => ({
  linkId: 7, at: at(s), reachable: true, operStatus: 'up', adminStatus: 'up', inUtil: 0.1, outUtil: 0.1, errorRate: 0, ...over,
})
const DOWN = { operStatus: 'down', inUtil: null, outUtil: null }

/**
 * Drives a link through observations as the alarm service does, keeping the incident in
 * memory: the incident opens and settles where decideAlarm says. Returns every decision, the
 * incidents opened and the ids of those settled. How a settled incident ends (resolved, or only
 * noted when someone has taken it) is the service's settle(), tested in alarm_service.spec.ts.
 */
function simulate(
  observations: Observation[],
  silence: (s: Observation) => { suppressed?: boolean; inMaintenance?: boolean } = () => ({}),
  taken = false
) {
  let memory: LinkMemory = initialMemory()
  let incident: { id: number; status: string } | null = null
  const opened: Array<{ id: number; trouble: string; at: Date }> = []
  const settled: number[] = []
  const decisions: AlarmDecision[] = []
  for (const o of observations) {
    const step = stepLink(memory, o, DEFAULT_POLICIES.legacy)
    const s = silence(o)
    const d = decideAlarm({ step, suppressed: !!s.suppressed, inMaintenance: !!s.inMaintenance, retired: false, incident })
    decisions.push(d)
    if (d.open) {
      incident = { id: opened.length + 1, status: taken ? 'in_progress' : 'new' }
      opened.push({ id: incident.id, trouble: d.open, at: o.at })
    }
    if (d.recover && incident) {
      settled.push(incident.id)
      incident = null
    }
    memory = step.memory
  }
  return { decisions, opened, settled, memory, incident }
}

function ctx(step: Step, over: Partial<AlarmContext> = {}): AlarmContext {
  return { step, suppressed: false, inMaintenance: false, retired: false, incident: null, ...over }
}
const stepFrom = (...observations: Observation[]) => {
  let memory = initialMemory()
  let step!: Step
  for (const o of observations) {
    step = stepLink(memory, o, DEFAULT_POLICIES.legacy)
    memory = step.memory
  }
  return step
}

test.group('alarms: incidents and events', () => {
  test('a link going down opens one incident however many polls it stays down', ({ assert }) => {
    const r = simulate([obs(0), ...Array.from({ length: 30 }, (_, i) => obs(60 * (i + 1), DOWN))])
    assert.lengthOf(r.opened, 1)
    assert.equal(r.opened[0].trouble, 'down')
    assert.deepEqual(r.decisions[1].events, ['link.down'])
    assert.isTrue(r.decisions.slice(2).every((d) => d.events.length === 0 && !d.open))
  })

  test('recovery settles the incident and says so once', ({ assert }) => {
    const r = simulate([obs(0), obs(60, DOWN), obs(120, DOWN), obs(180), obs(240)])
    assert.deepEqual(r.settled, [1])
    assert.deepEqual(r.decisions[3].events, ['link.recovered'])
    assert.isNull(r.incident)
    assert.deepEqual(r.decisions[4].events, [])
  })

  test('recovery asks to settle a taken incident as it does a new one; no note of its own', ({ assert }) => {
    const outage = [obs(0), obs(60, DOWN), obs(120)]
    const fresh = simulate(outage)
    const taken = simulate(outage, () => ({}), true)
    assert.deepEqual(taken.decisions[2], { open: null, recover: true, note: null, escalate: null, events: ['link.recovered'] })
    assert.deepEqual(taken.decisions, fresh.decisions)
    assert.deepEqual(taken.settled, [1])
  })

  test('a port shut on purpose opens nothing', ({ assert }) => {
    const r = simulate([obs(0), obs(60, { adminStatus: 'down', operStatus: 'down' }), obs(120, { adminStatus: 'down', operStatus: 'down' })])
    assert.lengthOf(r.opened, 0)
    assert.isTrue(r.decisions.every((d) => d.events.length === 0))
  })

  test('unknown neither opens nor settles', ({ assert }) => {
    const unreachable = { reachable: false, operStatus: null, adminStatus: null }
    const r = simulate([obs(0, unreachable), obs(60), obs(120, DOWN), obs(180, unreachable), obs(240, unreachable)])
    assert.lengthOf(r.opened, 1)
    assert.lengthOf(r.settled, 0)
    assert.isNotNull(r.incident, 'the outage stays open while the device cannot be seen')
  })

  test('degraded opens its own incident; getting worse notes it and raises the priority', ({ assert }) => {
    const high = { inUtil: 0.95 }
    const r = simulate([...Array.from({ length: 6 }, (_, i) => obs(i * 60, high)), obs(420, DOWN), obs(480, high)])
    assert.lengthOf(r.opened, 1)
    assert.equal(r.opened[0].trouble, 'degraded')
    assert.deepEqual(r.decisions[5].events, ['link.degraded'])
    assert.equal(r.decisions[6].escalate, 'down')
    assert.match(r.decisions[6].note!.in('en'), /now down/)
    assert.deepEqual(r.decisions[6].events, ['link.down'])
  })

  test('priority by kind, through the default matrix: an uplink outranks a legacy line; degraded ranks below down', ({ assert }) => {
    const priorityOf = (...args: Parameters<typeof assessmentOf>) => {
      const { impact, urgency } = assessmentOf(...args)
      return priorityFrom(DEFAULT_MATRIX, impact, urgency)
    }
    assert.deepEqual(assessmentOf('uplink', 'down'), { impact: 'high', urgency: 'high' })
    assert.equal(priorityOf('uplink', 'down'), 'P1')
    assert.equal(priorityOf('uplink', 'degraded'), 'P2')
    assert.equal(priorityOf('uplink', 'flapping'), 'P2')
    assert.equal(priorityOf('legacy', 'down'), 'P3')
    assert.equal(priorityOf('legacy', 'degraded'), 'P4')
  })

  test('a decommissioned line falls silent without an alarm', ({ assert }) => {
    const d = decideAlarm(ctx(stepFrom(obs(0), obs(60, DOWN)), { retired: true }))
    assert.isNull(d.open)
    assert.deepEqual(d.events, [])
  })
})

test.group('alarms: flapping damps', () => {
  /** Up, then down/up alternating every minute for `n` changes. */
  const bouncing = (n: number, from = 0) => Array.from({ length: n }, (_, i) => obs(from + (i + 1) * 60, i % 2 === 0 ? DOWN : {}))

  test('a bouncing link raises one flapping notice, then stays quiet until stable', ({ assert }) => {
    const r = simulate([obs(0), ...bouncing(12)])
    const flapStart = r.decisions.findIndex((d) => d.events.includes('link.flapping'))
    assert.equal(flapStart, 5)
    const after = r.decisions.slice(flapStart + 1)
    assert.isTrue(after.every((d) => d.events.length === 0 && !d.open && !d.recover), 'nothing while flapping')
    // Before damping: down (open), up (resolve), down (open), up (resolve); the fifth change damps.
    assert.deepEqual(r.opened.map((o) => o.trouble), ['down', 'down', 'flapping'])
    assert.lengthOf(r.settled, 2)
  })

  test('flapping that starts with an incident open notes it instead of opening another', ({ assert }) => {
    // Between down and unknown the link never comes up, so the first incident stays open.
    const unreachable = { reachable: false, operStatus: null, adminStatus: null }
    const r = simulate([obs(0), obs(60, DOWN), obs(120, unreachable), obs(180, DOWN), obs(240, unreachable), obs(300, DOWN)])
    const flap = r.decisions[5]
    assert.deepEqual(flap.events, ['link.flapping'])
    assert.isNull(flap.open)
    assert.match(flap.note!.in('en'), /started flapping: 5 state changes/)
    assert.lengthOf(r.opened, 1)
  })

  test('stable again after the hold time: an up link settles its incident, a down one keeps it', ({ assert }) => {
    // Changes at 60..360 s; the fifth (300 s, down) starts flapping, the sixth (360 s) is up.
    const up = simulate([obs(0), ...bouncing(6), obs(360 + 599), obs(360 + 600)])
    assert.isFalse(up.decisions[7].recover, 'not before the hold time')
    assert.isTrue(up.decisions[8].recover)
    assert.deepEqual(up.decisions[8].events, ['link.recovered'])
    assert.deepEqual(up.settled, [1, 2, 3])
    assert.isNull(up.incident)

    const down = simulate([obs(0), ...bouncing(5), obs(300 + 600, DOWN)])
    const end = down.decisions[down.decisions.length - 1]
    assert.isFalse(end.recover)
    assert.isNull(end.open, 'the flapping incident stands for the outage')
    assert.deepEqual(down.incident, { id: 3, status: 'new' })
  })
})

test.group('alarms: suppression and maintenance', () => {
  const reachable = { id: 3, hostname: 'rtr-a', reachable: true }
  const uplinkUp = { id: 9, circuitId: 'UP-1', state: 'up' as const, deviceReachable: true }

  test('behind a down uplink a line is suppressed, by that uplink', ({ assert }) => {
    const by = suppressionOf('down', { device: reachable, uplink: { ...uplinkUp, state: 'down' } })
    assert.deepEqual(by, { type: 'link', id: 9, circuit_id: 'UP-1', reason: 'uplink down' })
    assert.isNull(suppressionOf('down', { device: reachable, uplink: uplinkUp }), 'the uplink is up: the fault is the line')
  })

  test("behind an uplink whose device does not answer, a line is suppressed too", ({ assert }) => {
    const by = suppressionOf('down', { device: reachable, uplink: { ...uplinkUp, state: 'unknown', deviceReachable: false } })
    assert.equal(by?.type, 'link')
    assert.equal(by?.reason, "uplink's device unreachable")
    assert.isNull(suppressionOf('down', { device: reachable, uplink: { ...uplinkUp, state: 'unknown' } }), 'unknown alone is not down')
  })

  test('on an unreachable device a link is suppressed by the device, which wins over the uplink', ({ assert }) => {
    const by = suppressionOf('unknown', { device: { ...reachable, reachable: false }, uplink: { ...uplinkUp, state: 'down' } })
    assert.deepEqual(by, { type: 'device', id: 3, hostname: 'rtr-a', reason: 'device unreachable' })
  })

  test('a link that is up has nothing to suppress', ({ assert }) => {
    assert.isNull(suppressionOf('up', { device: { ...reachable, reachable: false }, uplink: { ...uplinkUp, state: 'down' } }))
  })

  test('a suppressed link opens no incident and sends nothing; once the uplink is back, its own fault opens one', ({ assert }) => {
    let uplinkDown = true
    const r = simulate([obs(0), obs(60, DOWN), obs(120, DOWN), obs(180, DOWN)], (o) => {
      if (o.at.getTime() >= at(180).getTime()) uplinkDown = false
      return { suppressed: uplinkDown }
    })
    assert.isTrue(r.decisions.slice(0, 3).every((d) => !d.open && d.events.length === 0))
    assert.equal(r.decisions[3].open, 'down')
  })

  test('maintenance silences: no incident, no event; an alarm still there when it ends opens one', ({ assert }) => {
    const windowEnd = at(300).getTime()
    const r = simulate([obs(0), obs(60, DOWN), obs(120, DOWN), obs(240, DOWN), obs(300, DOWN)], (o) => ({ inMaintenance: o.at.getTime() < windowEnd }))
    assert.isTrue(r.decisions.slice(0, 4).every((d) => !d.open && d.events.length === 0))
    assert.equal(r.decisions[4].open, 'down')
  })

  test('a link that recovers inside maintenance settles its incident quietly', ({ assert }) => {
    const d = decideAlarm(ctx(stepFrom(obs(0), obs(60, DOWN), obs(120)), { inMaintenance: true, incident: { id: 1, status: 'new' } }))
    assert.isTrue(d.recover)
    assert.deepEqual(d.events, [])
  })

  test('maintenance windows: start included, end excluded; a device window covers its links', ({ assert }) => {
    const w: WindowView = { id: 1, title: 'fibre', startsAt: at(0), endsAt: at(3600), items: [{ itemType: 'link', itemId: 7 }] }
    const d: WindowView = { id: 2, title: 'reload', startsAt: at(0), endsAt: at(600), items: [{ itemType: 'device', itemId: 3 }] }
    assert.deepEqual(coveringWindows([w], 7, null, at(0)).map((x) => x.id), [1])
    assert.deepEqual(coveringWindows([w], 7, null, at(3599)).map((x) => x.id), [1])
    assert.deepEqual(coveringWindows([w], 7, null, at(3600)), [])
    assert.deepEqual(coveringWindows([w], 7, null, at(-1)), [])
    assert.deepEqual(coveringWindows([w], 8, null, at(10)), [], 'another link')
    assert.deepEqual(coveringWindows([w, d], 8, 3, at(10)).map((x) => x.id), [2])
    assert.deepEqual(coveringWindows([d], 7, null, at(10)), [], 'a link not polled on a device is not covered by device windows')
  })
})
