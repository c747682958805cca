import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import { until } from '#tests/support/wait'
import { queue } from '#app/platform/queues'
import { actorOf } from '#app/incidents/incident_service'
import { timelineOf } from '#app/incidents/incident_timeline'
import { fireSlaAlarm, startSlaWorker } from '#app/service_levels/sla_alarms'
import { SLA_QUEUE, alarmJobId } from '#app/service_levels/sla_alarm_jobs'
import {
  HOUR, MINUTE, P2_AROUND_THE_CLOCK, commandAt, openAt, second, storedClock, usePolicies,
} from '#tests/functional/service_levels/support'

const P1_ONE_MINUTE = { type: 'service' as const, priority: 'P1' as const, respond_minutes: 1, resolve_minutes: 60, calendar: '24x7' as const }

async function delayedOf(incidentId: number) {
  const jobs = await queue(SLA_QUEUE).getDelayed()
  return jobs.filter((j) => j.data.incidentId === incidentId).map((j) => j.id).sort()
}

test.group('SLA alarms: delayed jobs that warn and breach', (group) => {
  group.each.setup(async () => {
    await usePolicies([P1_ONE_MINUTE, P2_AROUND_THE_CLOCK])
  })

  test('a warning job scheduled at 75% fires in the worker: timeline entry in both languages, and the event notified', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const channel = await client
      .post('/api/notification_channels')
      .json({ ...validBody('notification_channels', ministry.id), event_types: ['incident.sla_warning'], min_priority: 'P4' })
      .loginAs(admin)
      .withCsrfToken()
    channel.assertStatus(201)

    // One minute to respond, opened 30 s ago: the warning is due in about 15 s, late enough to
    // still be a delayed job when it is looked for on a loaded machine (due in a second, it had
    // sometimes passed before it was scheduled), and 15 s before the breach.
    const openedAt = second(Date.now() - 30_000)
    const { id } = await openAt(ministry.id, openedAt, 'P1')
    const warningAt = new Date(openedAt.getTime() + 45_000)
    const warningJob = alarmJobId({ incidentId: id, clock: 'respond', kind: 'warning', at: warningAt })
    assert.include(await until('the warning job', () => delayedOf(id).then((ids) => ids.length === 4 && ids)), warningJob)

    const worker = startSlaWorker()
    try {
      const entry = await until(
        'the warning on the timeline',
        async () => (await timelineOf(id, 'en')).find((e) => e.kind === 'sla_warning'),
        { timeoutMs: 45_000 }
      )
      const due = new Date(openedAt.getTime() + MINUTE)
      assert.isAtLeast(new Date(entry.at).getTime(), warningAt.getTime())
      assert.match(entry.text!, /^SLA warning: 75% of the response time \(1 min\) used; due \d{4}-\d\d-\d\d \d\d:\d\d Taipei time$/)
      assert.include(entry.actor, { id: null })
      const zh = (await timelineOf(id, 'zh-TW')).find((e) => e.kind === 'sla_warning')!
      assert.match(zh.text!, /^SLA 預警：回應時限（1 分鐘）已用 75%，期限 /)
      // The warning does not breach the clock. The breach is due 15 s after the warning, so on a
      // loaded machine its job may have fired by now: then it was given at its due time, not before.
      if ((await storedClock(id)).sla_breached) {
        const breach = (await timelineOf(id, 'en')).find((e) => e.kind === 'sla_breach')
        assert.isAtLeast(new Date(breach!.at).getTime(), due.getTime(), `breached before it was due at ${due.toISOString()}`)
      }
      const delivery = await until('the delivery of the warning', () =>
        db.from('notification_deliveries').where({ channel_id: channel.body().id, event_type: 'incident.sla_warning' }).first()
      )
      assert.include(delivery.event.payload.incident, { id, priority: 'P1' })
      assert.deepEqual(delivery.event.subject, { kind: 'incident', id })
    } finally {
      await worker.close()
    }
  }).timeout(120_000)

  test('a job that fires re-checks the clock: nothing while paused or stopped, each alarm once', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const t0 = second(Date.now() - 10 * HOUR)
    const { id } = await openAt(ministry.id, t0, 'P1')
    await commandAt(actorOf(noc), id, { command: 'start' }, new Date(t0.getTime() + 30_000))
    await commandAt(actorOf(noc), id, { command: 'hold', reason: 'supplier' }, new Date(t0.getTime() + 40 * MINUTE))
    const alarm = (clock: 'respond' | 'resolve', kind: 'warning' | 'breach', now: Date) =>
      fireSlaAlarm({ incidentId: id, clock, kind, at: now.toISOString() }, now)
    const sla = async () => (await timelineOf(id, 'en')).filter((e) => e.kind.startsWith('sla_')).map((e) => [e.kind, e.text])

    // On hold at 40 of 60 minutes: neither the warning (45) nor the breach fires.
    assert.deepEqual(await alarm('resolve', 'warning', new Date(t0.getTime() + 2 * HOUR)), { given: false })
    assert.deepEqual(await alarm('resolve', 'breach', new Date(t0.getTime() + 2 * HOUR)), { given: false })
    // Answered within 30 s of a minute: the respond clock stopped in time, nothing to say.
    assert.deepEqual(await alarm('respond', 'breach', new Date(t0.getTime() + 2 * HOUR)), { given: false })

    await commandAt(actorOf(noc), id, { command: 'start' }, new Date(t0.getTime() + 3 * HOUR))
    // Resumed at 40 min counted: the warning at 45 is 5 min on; a job fired early does nothing.
    assert.deepEqual(await alarm('resolve', 'warning', new Date(t0.getTime() + 3 * HOUR + 4 * MINUTE)), { given: false })
    assert.deepEqual(await alarm('resolve', 'warning', new Date(t0.getTime() + 3 * HOUR + 5 * MINUTE)), { given: true })
    assert.deepEqual(await alarm('resolve', 'warning', new Date(t0.getTime() + 3 * HOUR + 6 * MINUTE)), { given: false })
    assert.deepEqual(await alarm('resolve', 'breach', new Date(t0.getTime() + 3 * HOUR + 19 * MINUTE)), { given: false })
    assert.deepEqual(await alarm('resolve', 'breach', new Date(t0.getTime() + 3 * HOUR + 20 * MINUTE)), { given: true })
    assert.deepEqual(await alarm('resolve', 'breach', new Date(t0.getTime() + 3 * HOUR + 21 * MINUTE)), { given: false })

    const dueText = (text: string) => text.replace(/\d{4}-\d\d-\d\d \d\d:\d\d/, 'T')
    assert.deepEqual((await sla()).map(([kind, text]) => [kind, dueText(text!)]), [
      ['sla_warning', 'SLA warning: 75% of the resolution time (60 min) used; due T Taipei time'],
      ['sla_breach', 'SLA breached: the resolution time (60 min) ran out at T Taipei time'],
    ])
    assert.isTrue((await storedClock(id)).sla_breached)
    assert.deepEqual(await fireSlaAlarm({ incidentId: 2147483000, clock: 'resolve', kind: 'breach', at: t0.toISOString() }), { given: false })
  })

  test('a new due time replaces the pending job; /metrics counts the alarms given', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const t0 = second(Date.now())
    const { id } = await openAt(ministry.id, t0, 'P2')
    const jobOf = (clock: 'respond' | 'resolve', kind: 'warning' | 'breach', minutes: number) =>
      alarmJobId({ incidentId: id, clock, kind, at: new Date(t0.getTime() + minutes * MINUTE) })
    const expected = (resolveMinutes: number) =>
      [jobOf('respond', 'warning', 22.5), jobOf('respond', 'breach', 30), jobOf('resolve', 'warning', resolveMinutes * 0.75), jobOf('resolve', 'breach', resolveMinutes)].sort()
    assert.deepEqual(await until('four jobs', async () => ((await delayedOf(id)).length === 4 ? delayedOf(id) : null)), expected(480))

    const [policy] = await db.from('sla_policies').where({ type: 'service', priority: 'P2' })
    await client.patch(`/api/sla_policies/${policy.id}`).json({ resolve_minutes: 600 }).loginAs(admin).withCsrfToken()
    assert.deepEqual(await until('the jobs replaced', async () => {
      const ids = await delayedOf(id)
      return ids.includes(jobOf('resolve', 'breach', 600)) && ids
    }), expected(600))

    const metrics = await client.get('/metrics').loginAs(admin)
    metrics.assertStatus(200)
    const given = await db.from('incident_timeline').where('kind', 'sla_breach').whereRaw(`message->'params'->0->>'clock' = 'resolve'`).count('* as n')
    assert.include(metrics.text(), `gsn_sla_alarms{kind="sla_breach",clock="resolve"} ${given[0].n}`)
  })
})
