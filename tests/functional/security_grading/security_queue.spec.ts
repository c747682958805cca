import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { DEFAULT_LEGAL_TERMS } from '#app/security_grading/legal_clocks'
import { assessmentFor, grade, raiseSecurity, sendReport } from '#tests/functional/security_grading/support'

/**
 * The analyst's queue reads the incidents list sorted by `legal_due_at`, the nearest deadline
 * of a legal clock not yet met, stored with every change: these walk it through grading with an
 * earlier awareness, a report, a cancellation, a policy edit and a reader of another agency.
 */

const MINUTE = 60_000
const HOUR = 3600_000

async function restoreDefaults() {
  for (const terms of DEFAULT_LEGAL_TERMS) await db.from('legal_clock_policies').where('clock', terms.clock).update(terms)
}

/** The nearest due_at of the answer's clocks still to be met, as the queue's column shows it. */
function nearestOf(incident: { legal_clocks: Array<{ due_at: string | null; met_at: string | null; state: string }> }) {
  const due = incident.legal_clocks.filter((c) => !c.met_at && c.due_at && c.state !== 'stopped' && c.state !== 'pending').map((c) => new Date(c.due_at!).getTime())
  return due.length ? Math.min(...due) : null
}

const ms = (iso: string | null) => (iso === null ? null : new Date(iso).getTime())

test.group("analyst's queue: incidents sorted by the nearest legal deadline", (group) => {
  group.each.setup(restoreDefaults)
  group.teardown(restoreDefaults)

  test('the nearest deadline is stored with each change, and the list sorts and filters by it, breached first', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const analyst = await makeUser('analyst')
    const now = Date.now()
    // Opened now, not graded: the report is due within the hour.
    const fresh = await raiseSecurity(client, analyst, ministry.id)
    assert.equal(ms(fresh.legal_due_at), ms(fresh.opened_at)! + HOUR, 'answered by the create itself')
    // Aware 50 minutes ago: the report is due in ten minutes.
    const soon = await raiseSecurity(client, analyst, ministry.id)
    ;(await grade(client, analyst, soon.id, { assessment: assessmentFor(2), aware_at: new Date(now - 50 * MINUTE).toISOString() })).assertStatus(200)
    // Aware three hours ago: the report deadline is past (breached, not met).
    const late = await raiseSecurity(client, analyst, ministry.id)
    const graded = await grade(client, analyst, late.id, { assessment: assessmentFor(3), aware_at: new Date(now - 3 * HOUR).toISOString() })
    graded.assertStatus(200)
    assert.equal(ms(graded.body().legal_due_at), now - 2 * HOUR, 'the answer of the grading carries the new deadline')
    // Reported: the report is met, the review was the analyst's own, so containment (72 h at level 2) is next.
    const reported = await raiseSecurity(client, analyst, ministry.id)
    ;(await grade(client, analyst, reported.id, { assessment: assessmentFor(2) })).assertStatus(200)
    ;(await sendReport(client, analyst, reported.id)).assertStatus(200)
    // Cancelled: its clocks stop, it has no deadline and sorts last.
    const cancelled = await raiseSecurity(client, analyst, ministry.id)
    ;(await client.post(`/api/incidents/${cancelled.id}/cancel`).json({ reason: 'a drill' }).loginAs(analyst).withCsrfToken()).assertStatus(200)

    const stored = new Map((await db.from('incidents').whereIn('id', [fresh.id, soon.id, late.id, reported.id, cancelled.id]).select('id', 'legal_due_at')).map((r) => [r.id, r.legal_due_at?.getTime() ?? null]))
    for (const incident of [fresh, soon, late, reported, cancelled]) {
      const shown = await client.get(`/api/incidents/${incident.id}`).loginAs(analyst)
      assert.equal(stored.get(incident.id), nearestOf(shown.body()), `incident ${incident.id}: the stored deadline is the clocks' nearest`)
      assert.equal(ms(shown.body().legal_due_at), stored.get(incident.id))
    }
    assert.equal(stored.get(late.id), now - 2 * HOUR, 'report due an hour after awareness')
    assert.equal(stored.get(soon.id), new Date(now - 50 * MINUTE).getTime() + HOUR)
    const reportedRow = await db.from('incidents').where('id', reported.id).first()
    assert.equal(stored.get(reported.id), new Date(reportedRow.opened_at).getTime() + 72 * HOUR)
    assert.isNull(stored.get(cancelled.id))

    const list = await client
      .get('/api/incidents')
      .qs({ filter: JSON.stringify({ agency_id: ministry.id, type: 'security' }), sort: JSON.stringify(['legal_due_at', 'ASC']) })
      .loginAs(analyst)
    list.assertStatus(200)
    assert.deepEqual(list.body().map((r: any) => r.id), [late.id, soon.id, fresh.id, reported.id, cancelled.id])
    assert.equal(list.body()[0].legal_clocks.find((c: any) => c.clock === 'report').state, 'breached')

    // New ones only, as the queue's first tab asks; and those due within the hour.
    const fresh2 = await client
      .get('/api/incidents')
      .qs({ filter: JSON.stringify({ agency_id: ministry.id, type: 'security', status: 'new' }), sort: JSON.stringify(['legal_due_at', 'ASC']) })
      .loginAs(analyst)
    assert.deepEqual(fresh2.body().map((r: any) => r.id), [late.id, soon.id, fresh.id, reported.id])
    const within = await client
      .get('/api/incidents')
      .qs({ filter: JSON.stringify({ agency_id: ministry.id, legal_due_at_lte: new Date(now + 2 * HOUR).toISOString() }), sort: JSON.stringify(['legal_due_at', 'ASC']) })
      .loginAs(analyst)
    assert.deepEqual(within.body().map((r: any) => r.id), [late.id, soon.id, fresh.id])

    // Mine: assigned to the analyst, still sorted by the deadline.
    ;(await client.post(`/api/incidents/${fresh.id}/assign`).json({ assignee_id: analyst.id }).loginAs(analyst).withCsrfToken()).assertStatus(200)
    const mine = await client
      .get('/api/incidents')
      .qs({ filter: JSON.stringify({ type: 'security', assignee_id: analyst.id, status: ['assigned', 'in_progress', 'on_hold', 'new'] }), sort: JSON.stringify(['legal_due_at', 'ASC']) })
      .loginAs(analyst)
    assert.deepEqual(mine.body().map((r: any) => r.id), [fresh.id])
  }).timeout(60_000)

  test('a policy edit moves the stored deadlines of open incidents; mistyped values are 422s; another agency sees none of it', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const other = (await makeAgencyTree()).ministry
    const admin = await makeUser('admin')
    const analyst = await makeUser('analyst')
    const incident = await raiseSecurity(client, analyst, ministry.id)
    ;(await grade(client, analyst, incident.id, { assessment: assessmentFor(3) })).assertStatus(200)
    ;(await sendReport(client, analyst, incident.id)).assertStatus(200)
    const opened = new Date(incident.opened_at).getTime()
    const before = await db.from('incidents').where('id', incident.id).first()
    assert.equal(before.legal_due_at.getTime(), opened + 36 * HOUR, 'containment at level 3')
    const contain = await db.from('legal_clock_policies').where('clock', 'contain').firstOrFail()
    ;(await client.patch(`/api/legal_clock_policies/${contain.id}`).json({ levels_3_4: 24 }).loginAs(admin).withCsrfToken()).assertStatus(200)
    const after = await db.from('incidents').where('id', incident.id).first()
    assert.equal(after.legal_due_at.getTime(), opened + 24 * HOUR)

    for (const [filter, field] of [
      [{ legal_due_at_gte: 'tomorrow' }, 'legal_due_at_gte'],
      [{ security_level: 'high' }, 'security_level'],
    ] as const) {
      const refused = await client.get('/api/incidents').qs({ filter: JSON.stringify(filter) }).loginAs(analyst)
      assert.equal(refused.status(), 422, refused.text())
      assert.equal(refused.body().errors[0].field, field)
      assert.notMatch(refused.text(), /SELECT |"stack"|postgres/i)
    }
    const badSort = await client.get('/api/incidents').qs({ sort: JSON.stringify(['legal_due_at; drop table incidents', 'ASC']) }).loginAs(analyst)
    assert.equal(badSort.status(), 422)

    // A liaison of another agency: the same query shows nothing of this agency's, nor by its id.
    const outsider = await makeUser('agency_liaison', other.id)
    const theirs = await client
      .get('/api/incidents')
      .qs({ filter: JSON.stringify({ type: 'security', agency_id: ministry.id }), sort: JSON.stringify(['legal_due_at', 'ASC']) })
      .loginAs(outsider)
    assert.equal(theirs.status(), 200)
    assert.deepEqual(theirs.body(), [])
    assert.equal((await client.get(`/api/incidents/${incident.id}`).loginAs(outsider)).status(), 404)
    const spoofed = await client.get('/api/incidents').qs({ sort: JSON.stringify(['legal_due_at', 'ASC']) }).header('X-Agency-Id', String(ministry.id)).loginAs(outsider)
    assert.notInclude(spoofed.body().map((r: any) => r.id), incident.id)
  }).timeout(60_000)
})
