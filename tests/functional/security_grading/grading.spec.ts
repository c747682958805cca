import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import { timelineOf } from '#app/incidents/incident_timeline'
import { assessmentFor, grade, raiseSecurity, sendReport } from '#tests/functional/security_grading/support'

const clockOf = (body: Record<string, any>, name: string) => (body.legal_clocks as Array<Record<string, any>>).find((c) => c.clock === name)!

test.group('security grading: the level, its review and its timeline', () => {
  test('an analyst grades from the assessment: the proposal is the level, reviewed, on the timeline in both languages and audited', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const analyst = await makeUser('analyst')
    const incident = await raiseSecurity(client, analyst, ministry.id)
    assert.isNull(incident.security_level)
    assert.lengthOf(incident.legal_clocks, 4)
    const report = clockOf(incident, 'report')
    assert.equal(report.state, 'running')
    assert.equal(new Date(report.due_at).getTime() - new Date(incident.opened_at).getTime(), 3600_000)

    const graded = await grade(client, analyst, incident.id, { assessment: assessmentFor(3) })
    graded.assertStatus(200)
    assert.include(graded.body(), { security_level: 3, security_level_reviewed: true })
    assert.deepEqual(graded.body().security_assessment, assessmentFor(3))
    assert.equal(clockOf(graded.body(), 'contain').level, 3)
    assert.equal(new Date(clockOf(graded.body(), 'contain').due_at).getTime() - new Date(incident.opened_at).getTime(), 36 * 3600_000)

    const en = (await timelineOf(incident.id, 'en')).filter((e) => e.kind === 'level')
    assert.deepEqual(en.map((e) => e.text), ['Level reviewed by G-ISAC: none → level 3'])
    const zh = (await timelineOf(incident.id, 'zh-TW')).filter((e) => e.kind === 'level')
    assert.deepEqual(zh.map((e) => e.text), ['G-ISAC 審核等級：未定級 → 第三級'])
    const audit = await db.from('audit_log').where({ entity: 'incidents', entity_id: String(incident.id), action: 'update' }).orderBy('id', 'desc').first()
    assert.equal(audit.actor_email, analyst.email)
    assert.include(audit.after, { security_level: 3 })
  })

  test('a liaison grades its own incident as a proposal; an analyst reviews it, with a reason when the level differs', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const analyst = await makeUser('analyst')
    const incident = await raiseSecurity(client, liaison, ministry.id)
    const proposed = await grade(client, liaison, incident.id, { assessment: assessmentFor(2) })
    proposed.assertStatus(200)
    assert.include(proposed.body(), { security_level: 2, security_level_reviewed: false })

    const noReason = await grade(client, analyst, incident.id, { assessment: assessmentFor(2), level: 3 })
    noReason.assertStatus(422)
    noReason.assertBodyContains({ errors: [{ field: 'reason' }] })
    const raised = await grade(client, analyst, incident.id, { assessment: assessmentFor(2), level: 3, reason: 'The payroll system is core for this ministry' })
    raised.assertStatus(200)
    assert.include(raised.body(), { security_level: 3, security_level_reviewed: true })
    const entries = (await timelineOf(incident.id, 'en')).filter((e) => e.kind === 'level')
    assert.deepEqual(entries.map((e) => [e.text, e.body]), [
      ['Level proposed by the agency: none → level 2', null],
      ['Level reviewed by G-ISAC: level 2 → level 3 (the assessment proposed level 2)', 'The payroll system is core for this ministry'],
    ])
  })

  test('no harm and no level, a level out of range, mistyped fields and a time of awareness in the future: 422 on the field', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const analyst = await makeUser('analyst')
    const { id } = await raiseSecurity(client, analyst, ministry.id)
    const harmless = { systems: 'core', confidentiality: 'none', integrity: 'none', availability: 'none', classified: 'none' }
    const cases: Array<[object, string]> = [
      [{ assessment: harmless }, 'level'],
      [{ assessment: assessmentFor(1), level: 5, reason: 'because' }, 'level'],
      [{ assessment: assessmentFor(1), level: 'three', reason: 'because' }, 'level'],
      [{ assessment: { ...assessmentFor(1), systems: 'mainframe' } }, 'assessment.systems'],
      [{ assessment: { ...assessmentFor(1), availability: 'minor' } }, 'assessment.availability'],
      [{ assessment: 'level 3' }, 'assessment'],
      [{}, 'assessment'],
      [{ assessment: assessmentFor(1), aware_at: 'yesterday' }, 'aware_at'],
      [{ assessment: assessmentFor(1), aware_at: new Date(Date.now() + 3600_000).toISOString() }, 'aware_at'],
      [{ assessment: assessmentFor(1), aware_at: '2020-01-01T00:00:00Z' }, 'aware_at'],
    ]
    for (const [body, field] of cases) {
      const refused = await grade(client, analyst, id, body)
      assert.equal(refused.status(), 422, `${JSON.stringify(body)}: ${refused.text()}`)
      assert.include(refused.body().errors.map((e: { field: string }) => e.field), field, JSON.stringify(body))
      assert.notMatch(refused.text(), /stack|SQL|at [A-Za-z]+ \(/)
    }
    const still = await client.get(`/api/incidents/${id}`).loginAs(analyst)
    assert.isNull(still.body().security_level)
  })

  test('the time of awareness moves the legal clocks earlier than the opening', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const analyst = await makeUser('analyst')
    const { id } = await raiseSecurity(client, analyst, ministry.id)
    const aware = new Date(Date.now() - 2 * 3600_000)
    const graded = await grade(client, analyst, id, { assessment: assessmentFor(1), aware_at: aware.toISOString() })
    graded.assertStatus(200)
    assert.equal(new Date(graded.body().aware_at).getTime(), aware.getTime())
    const report = clockOf(graded.body(), 'report')
    assert.equal(report.state, 'breached')
    assert.equal(new Date(report.due_at).getTime(), aware.getTime() + 3600_000)
  })

  test('who may grade: NOC, CIO and auditor are refused, a liaison of another agency finds nothing, a service incident is not graded', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const { id } = await raiseSecurity(client, admin, ministry.id)
    const body = { assessment: assessmentFor(2) }
    for (const role of ['noc', 'cio', 'auditor'] as const) {
      const refused = await grade(client, await makeUser(role), id, body)
      assert.equal(refused.status(), 403, `${role}: ${refused.text()}`)
    }
    const outsider = await makeUser('agency_liaison', other.id)
    const hidden = await grade(client, outsider, id, body)
    hidden.assertStatus(404)
    const missing = await grade(client, outsider, 2147483000, body)
    assert.equal(hidden.text().replace(String(id), 'N'), missing.text().replace('2147483000', 'N'))
    ;(await grade(client, admin, 'abc', body)).assertStatus(422)

    const service = await client.post('/api/incidents').json(validBody('incidents', ministry.id, 'noc')).loginAs(admin).withCsrfToken()
    const notSecurity = await grade(client, admin, service.body().id, body)
    notSecurity.assertStatus(422)
    notSecurity.assertBodyContains({ errors: [{ field: 'type' }] })
    const graded = await grade(client, admin, id, body)
    assert.include(graded.body(), { security_level: 2, security_level_reviewed: true })

    // Spoofed headers change nothing: the account decides, not what the request claims.
    const spoofed = await client
      .post(`/api/incidents/${id}/grade`)
      .json(body)
      .header('X-Forwarded-For', '10.0.0.1')
      .header('X-User-Role', 'analyst')
      .header('X-Agency-Id', String(ministry.id))
      .loginAs(outsider)
      .withCsrfToken()
    spoofed.assertStatus(404)
  })

  test('a cancelled or closed incident keeps its level', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const analyst = await makeUser('analyst')
    const { id } = await raiseSecurity(client, analyst, ministry.id)
    ;(await client.post(`/api/incidents/${id}/cancel`).json({ reason: 'Raised in error' }).loginAs(analyst).withCsrfToken()).assertStatus(200)
    const refused = await grade(client, analyst, id, { assessment: assessmentFor(1) })
    refused.assertStatus(422)
    refused.assertBodyContains({ errors: [{ field: 'status' }] })
    const shown = await client.get(`/api/incidents/${id}`).loginAs(analyst)
    assert.deepEqual(shown.body().legal_clocks.map((c: { state: string }) => c.state), ['stopped', 'stopped', 'stopped', 'stopped'])
  })
})

test.group('security grading: the report to the authority', () => {
  test('sent once graded: the report clock is met, the review clock starts, a later change of level asks for a new report', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const analyst = await makeUser('analyst')
    const { id } = await raiseSecurity(client, liaison, ministry.id)

    const ungraded = await sendReport(client, liaison, id)
    ungraded.assertStatus(422)
    ungraded.assertBodyContains({ errors: [{ field: 'level' }] })

    ;(await grade(client, liaison, id, { assessment: assessmentFor(3) })).assertStatus(200)
    const sent = await sendReport(client, liaison, id, { note: 'Sent through the reporting platform' })
    sent.assertStatus(200)
    assert.exists(sent.body().authority_report_sent_at)
    assert.equal(clockOf(sent.body(), 'report').state, 'met')
    const review = clockOf(sent.body(), 'review')
    assert.equal(review.state, 'running')
    assert.equal(new Date(review.due_at).getTime() - new Date(sent.body().authority_report_sent_at).getTime(), 2 * 3600_000)

    const reviewed = await grade(client, analyst, id, { assessment: assessmentFor(4) })
    assert.equal(clockOf(reviewed.body(), 'review').state, 'met')
    const again = clockOf(reviewed.body(), 'report')
    assert.equal(again.state, 'running', 'level 3 reported, now level 4: report again within the hour')

    const entries = (await timelineOf(id, 'zh-TW')).filter((e) => e.kind === 'authority_report')
    assert.deepEqual(entries.map((e) => [e.text, e.body]), [['已通報主管機關（第三級）', 'Sent through the reporting platform']])
    const audit = await db.from('audit_log').where({ entity: 'incidents', entity_id: String(id), actor_email: liaison.email }).orderBy('id', 'desc').first()
    assert.property(audit.after, 'authority_report_sent_at')
  })

  test('the notification record: agency, contact, awareness, level, core systems, impact, measures and reports; scoped', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const system = await client
      .post('/api/information_systems')
      .json({ ...validBody('information_systems', ministry.id), core: true })
      .loginAs(liaison)
      .withCsrfToken()
    system.assertStatus(201)
    assert.isTrue(system.body().core)
    const incident = await raiseSecurity(client, liaison, ministry.id, {
      description: 'Ransomware on the payroll server',
      items: [{ item_type: 'information_system', item_id: system.body().id }],
    })
    await grade(client, liaison, incident.id, { assessment: { ...assessmentFor(2), availability: 'beyond_tolerance' } })
    ;(await client.post(`/api/incidents/${incident.id}/notes`).json({ body: 'Server isolated from the network' }).loginAs(liaison).withCsrfToken()).assertStatus(201)
    await sendReport(client, liaison, incident.id)

    const report = await client.get(`/api/incidents/${incident.id}/authority_report`).loginAs(liaison)
    report.assertStatus(200)
    const r = report.body()
    assert.equal(r.agency.id, ministry.id)
    assert.deepEqual(r.contact, { name: 'Test agency_liaison', email: liaison.email })
    assert.deepInclude(r.liaisons, { name: 'Test agency_liaison', email: liaison.email })
    assert.equal(new Date(r.aware_at).getTime(), new Date(incident.opened_at).getTime())
    assert.include(r, { level: 3, level_reviewed: false, proposed_level: 3, impact: 'Ransomware on the payroll server' })
    assert.deepEqual(r.systems_affected.map((s: Record<string, unknown>) => [s.id, s.core]), [[system.body().id, true]])
    assert.deepEqual(r.measures_taken.map((m: { text: string }) => m.text), ['Server isolated from the network'])
    assert.lengthOf(r.reports, 1)
    assert.equal(new Date(r.sent_at).getTime(), new Date(r.reports[0].at).getTime())
    assert.lengthOf(r.legal_clocks, 4)

    const outsider = await makeUser('agency_liaison', other.id)
    ;(await client.get(`/api/incidents/${incident.id}/authority_report`).loginAs(outsider)).assertStatus(404)
    ;(await sendReport(client, outsider, incident.id)).assertStatus(404)
    ;(await sendReport(client, await makeUser('noc'), incident.id)).assertStatus(403)
    ;(await sendReport(client, liaison, incident.id, { note: 42 })).assertStatus(422)
    ;(await client.get(`/api/incidents/${incident.id}/authority_report`).loginAs(await makeUser('auditor'))).assertStatus(200)
  })
})
