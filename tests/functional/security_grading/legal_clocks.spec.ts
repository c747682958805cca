import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import { until } from '#tests/support/wait'
import { queue } from '#app/platform/queues'
import { timelineOf } from '#app/incidents/incident_timeline'
import { startSlaWorker } from '#app/service_levels/sla_alarms'
import { SLA_QUEUE } from '#app/service_levels/sla_alarm_jobs'
import { fireLegalAlarm } from '#app/security_grading/legal_alarms'
import { DEFAULT_LEGAL_TERMS } from '#app/security_grading/legal_clocks'
import { assessmentFor, grade, raiseSecurity, sendReport } from '#tests/functional/security_grading/support'

const MINUTE = 60_000

async function legalJobsOf(incidentId: number) {
  const jobs = [...(await queue(SLA_QUEUE).getDelayed()), ...(await queue(SLA_QUEUE).getWaiting())]
  return jobs.filter((j) => j.data.incidentId === incidentId && String(j.data.clock).startsWith('legal_')).map((j) => `${j.data.clock}/${j.data.kind}`).sort()
}

async function restoreDefaults() {
  for (const terms of DEFAULT_LEGAL_TERMS) await db.from('legal_clock_policies').where('clock', terms.clock).update(terms)
}

test.group('legal clocks: alarms on the SLA queue, policy data', (group) => {
  group.each.setup(restoreDefaults)
  group.teardown(restoreDefaults)

  test('the report warning fires in the SLA worker: a timeline entry in both languages and the event notified', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const channel = await client
      .post('/api/notification_channels')
      .json({ ...validBody('notification_channels', ministry.id), event_types: ['incident.legal_warning'], min_priority: 'P4' })
      .loginAs(admin)
      .withCsrfToken()
    channel.assertStatus(201)
    const { id } = await raiseSecurity(client, admin, ministry.id)
    // Aware 50 minutes ago: 75% of the reporting hour has passed, the breach is 10 minutes away.
    const aware = new Date(Date.now() - 50 * MINUTE)
    ;(await grade(client, admin, id, { assessment: assessmentFor(2), aware_at: aware.toISOString() })).assertStatus(200)
    const jobs = await until('the legal alarms queued', async () => {
      const found = await legalJobsOf(id)
      return found.includes('legal_report/warning') && found
    })
    assert.includeMembers(jobs, ['legal_report/warning', 'legal_report/breach', 'legal_contain/warning', 'legal_contain/breach', 'legal_investigation/breach'])
    assert.notInclude(jobs, 'legal_review/breach', 'no report yet: the review has not started')

    const worker = startSlaWorker()
    try {
      const entry = await until('the warning on the timeline', async () => (await timelineOf(id, 'en')).find((e) => e.kind === 'legal_warning'), { timeoutMs: 45_000 })
      assert.match(entry.text!, /^Legal deadline warning: the report to the authority is due \d{4}-\d\d-\d\d \d\d:\d\d Taipei time \(level 2\)$/)
      const zh = (await timelineOf(id, 'zh-TW')).find((e) => e.kind === 'legal_warning')!
      assert.match(zh.text!, /^法定時限預警：通報主管機關期限為 .+（第二級）$/)
      const delivery = await until('the delivery of the warning', () =>
        db.from('notification_deliveries').where({ channel_id: channel.body().id, event_type: 'incident.legal_warning' }).first()
      )
      assert.deepEqual(delivery.event.subject, { kind: 'incident', id })
      assert.include(delivery.event.payload, { clock: 'report' })
    } finally {
      await worker.close()
    }
  }).timeout(120_000)

  test('a job that fires re-checks the clocks: a breach once, nothing once the report is sent; /metrics counts them', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const { id } = await raiseSecurity(client, admin, ministry.id)
    const aware = new Date(Date.now() - 3 * 3600_000)
    await grade(client, admin, id, { assessment: assessmentFor(3), aware_at: aware.toISOString() })
    const fire = (clock: string, kind: 'warning' | 'breach') => fireLegalAlarm({ incidentId: id, clock: `legal_${clock}` as 'legal_report', kind, at: new Date().toISOString() })

    assert.deepEqual(await fire('report', 'warning'), { given: false }, 'past the warning: only the breach is said')
    assert.deepEqual(await fire('report', 'breach'), { given: true })
    assert.deepEqual(await fire('report', 'breach'), { given: false }, 'each deadline once')
    assert.deepEqual(await fire('contain', 'breach'), { given: false }, 'not yet due')
    assert.deepEqual(await fire('review', 'breach'), { given: false }, 'pending: no report yet')
    await sendReport(client, admin, id)
    // Level 3 reported; a raise to 4 asks for a new report within the hour: a new deadline, warned of afresh.
    await grade(client, admin, id, { assessment: assessmentFor(4) })
    assert.deepEqual(await fire('report', 'breach'), { given: false }, 'the new report is not due yet')
    assert.deepEqual(await fireLegalAlarm({ incidentId: 2147483000, clock: 'legal_report', kind: 'breach', at: new Date().toISOString() }), { given: false })

    const breaches = (await timelineOf(id, 'en')).filter((e) => e.kind === 'legal_breach')
    assert.lengthOf(breaches, 1)
    assert.match(breaches[0].text!, /^Legal deadline missed: the report to the authority was due .+ \(level 3\)$/)

    const metrics = await client.get('/metrics').loginAs(admin)
    const given = await db.from('incident_timeline').where('kind', 'legal_breach').whereRaw(`message->'params'->0->>'clock' = 'report'`).count('* as n')
    assert.include(metrics.text(), `gsn_sla_alarms{kind="legal_breach",clock="report"} ${given[0].n}`)
  })

  test('an admin edits a clock: the deadlines follow, audited; the clock a row is and the ranges are kept', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const { id } = await raiseSecurity(client, admin, ministry.id)
    await grade(client, admin, id, { assessment: assessmentFor(3) })
    const contain = await db.from('legal_clock_policies').where('clock', 'contain').firstOrFail()
    const changed = await client.patch(`/api/legal_clock_policies/${contain.id}`).json({ levels_3_4: 24 }).loginAs(admin).withCsrfToken()
    changed.assertStatus(200)
    assert.include(changed.body(), { clock: 'contain', levels_3_4: 24, levels_1_2: 72 })
    const shown = await client.get(`/api/incidents/${id}`).loginAs(admin)
    const clock = shown.body().legal_clocks.find((c: { clock: string }) => c.clock === 'contain')
    assert.equal(new Date(clock.due_at).getTime() - new Date(shown.body().opened_at).getTime(), 24 * 3600_000)
    const audit = await db.from('audit_log').where({ entity: 'legal_clock_policies', entity_id: String(contain.id) }).orderBy('id', 'desc').first()
    assert.include(audit.after, { levels_3_4: 24 })

    const investigation = await db.from('legal_clock_policies').where('clock', 'investigation').firstOrFail()
    const cases: Array<[number, object, string]> = [
      [contain.id, { clock: 'report' }, 'clock'],
      [contain.id, { levels_1_2: 0 }, 'levels_1_2'],
      [contain.id, { levels_1_2: 'a day' }, 'levels_1_2'],
      [contain.id, { warning_percent: 100 }, 'warning_percent'],
      [contain.id, { unit: 'weeks' }, 'unit'],
      [investigation.id, { levels_3_4: 13 }, 'levels_3_4'],
    ]
    for (const [rowId, body, field] of cases) {
      const refused = await client.patch(`/api/legal_clock_policies/${rowId}`).json(body).loginAs(admin).withCsrfToken()
      assert.equal(refused.status(), 422, `${JSON.stringify(body)}: ${refused.text()}`)
      assert.equal(refused.body().errors[0].field, field, JSON.stringify(body))
    }
    const analyst = await makeUser('analyst')
    ;(await client.patch(`/api/legal_clock_policies/${contain.id}`).json({ levels_3_4: 12 }).loginAs(analyst).withCsrfToken()).assertStatus(403)
  })
})
