import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgency, makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { SYSTEM_ACTOR } from '#app/audit/audit_log'
import { applyCommand, openIncident, type CommandBody } from '#app/incidents/incident_service'
import { applyProblemCommand, openProblem, type ProblemCommandBody } from '#app/problems/problem_service'

const MONTH = '2019-04'
const at = (iso: string) => new Date(iso)
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000)

/** An incident opened at `opened` and moved by `steps` (minutes after opening, command), all through the incident service. */
async function incident(agencyId: number, priority: 'P1' | 'P2' | 'P3' | 'P4', opened: string, steps: Array<[number, CommandBody]>) {
  await db.transaction(async (trx) => {
    const row = await openIncident(trx, { title: 'Report seed', description: null, type: 'service', priority, agencyId, items: [], at: at(opened) })
    for (const [minutes, body] of steps) await applyCommand(trx, SYSTEM_ACTOR, row, body, plus(opened, minutes))
  })
}

async function problem(agencyId: number | null, opened: string, steps: Array<[string, ProblemCommandBody]>) {
  await db.transaction(async (trx) => {
    const row = await openProblem(trx, SYSTEM_ACTOR, { title: 'Report seed', description: null, priority: 'P3', agencyId, at: at(opened) })
    for (const [when, body] of steps) await applyProblemCommand(trx, SYSTEM_ACTOR, row, body, at(when), async () => true)
  })
}

const resolve: CommandBody = { command: 'resolve', resolution: 'Fixed' }
const hasColumn = async (table: string, column: string) =>
  Boolean(await db.from('information_schema.columns').where({ table_name: table, column_name: column }).first())

/**
 * April 2019 in Taipei (2019-03-31T16:00Z to 2019-04-30T16:00Z), a month no other test writes in,
 * read by the liaisons of two ministries so only what is seeded here counts.
 */
async function seedMonth() {
  const { ministry, child, other } = await makeAgencyTree()
  // Worked 10 min to acknowledge; 90 min to resolve after a 60-minute hold.
  await incident(ministry.id, 'P1', '2019-04-01T01:00:00Z', [
    [10, { command: 'assign', assigneeId: null }],
    [20, { command: 'start' }],
    [30, { command: 'hold', reason: 'supplier' }],
    [90, { command: 'start' }],
    [150, resolve],
  ])
  // Acknowledged after 30 min; resolved at 60, reopened at 120, resolved again at 150: 90 min worked.
  await incident(child.id, 'P2', '2019-04-10T00:00:00Z', [
    [30, { command: 'start' }],
    [60, resolve],
    [120, { command: 'reopen', reason: 'Back again' }],
    [150, resolve],
  ])
  // Never acknowledged.
  await incident(ministry.id, 'P2', '2019-04-20T00:00:00Z', [])
  // Opened on 31 March in Taipei (23:45), resolved on 1 April (00:30): resolved in April, opened in March.
  await incident(ministry.id, 'P3', '2019-03-31T15:45:00Z', [[45, resolve]])
  // Opened on 1 May in Taipei (00:10): not April's.
  await incident(ministry.id, 'P4', '2019-04-30T16:10:00Z', [])
  // The other ministry's month.
  await incident(other.id, 'P4', '2019-04-15T00:00:00Z', [[5, resolve]])

  const investigate: ProblemCommandBody = { command: 'investigate' }
  const fixed: ProblemCommandBody = { command: 'resolve', resolution: 'Fixed', resolveIncidents: false }
  await problem(ministry.id, '2019-04-05T00:00:00Z', [
    ['2019-04-05T01:00:00Z', investigate],
    ['2019-04-25T00:00:00Z', fixed],
    ['2019-04-28T00:00:00Z', { command: 'close' }],
  ])
  await problem(child.id, '2019-03-15T00:00:00Z', [['2019-03-16T00:00:00Z', investigate], ['2019-04-02T00:00:00Z', fixed]])
  await problem(null, '2019-04-06T00:00:00Z', [])
  await problem(other.id, '2019-04-07T00:00:00Z', [])
  return { ministry, child, other }
}

test.group('service management report', () => {
  test("a seeded month's figures, exactly, over the reader's agencies", async ({ client, assert }) => {
    const { ministry, child, other } = await seedMonth()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const answer = await client.get('/api/reports/service_management').qs({ month: MONTH }).loginAs(liaison)
    answer.assertStatus(200)
    const report = answer.body()
    assert.equal(report.month, MONTH)
    assert.equal(report.from, '2019-03-31T16:00:00.000Z')
    assert.equal(report.to, '2019-04-30T16:00:00.000Z')
    assert.include(report.incidents, { opened: 3, resolved: 3, mean_minutes_to_acknowledge: 20, mean_minutes_to_resolve: 75 })
    assert.deepEqual(report.incidents.by_priority, { P1: 1, P2: 2, P3: 0, P4: 0 })
    assert.deepEqual(report.incidents.by_agency, [
      { agency_id: ministry.id, code: ministry.code, name: ministry.name, opened: 2 },
      { agency_id: child.id, code: child.code, name: child.name, opened: 1 },
    ])
    assert.deepEqual(report.problems, { opened: 1, resolved: 2, closed: 1 })
    if (!(await hasColumn('incidents', 'group_id'))) assert.isNull(report.incidents.by_group)
    if (!(await hasColumn('incidents', 'resolve_due_at'))) assert.isNull(report.incidents.sla)
    const changes = (await db.rawQuery(`SELECT to_regclass('changes') IS NOT NULL AS present`)).rows[0].present
    if (!changes) {
      assert.isNull(report.changes)
      assert.include(report.notes, 'there are no changes yet: change success rate and emergency share are left out')
    }

    // The other ministry's liaison sees only its own month.
    const theirs = (await client.get('/api/reports/service_management').qs({ month: MONTH }).loginAs(await makeUser('agency_liaison', other.id))).body()
    assert.include(theirs.incidents, { opened: 1, resolved: 1, mean_minutes_to_acknowledge: 5, mean_minutes_to_resolve: 5 })
    assert.deepEqual(theirs.problems, { opened: 1, resolved: 0, closed: 0 })
    // A liaison of the agency below sees the ministry's nothing, its own only.
    const below = (await client.get('/api/reports/service_management').qs({ month: MONTH }).loginAs(await makeUser('agency_liaison', child.id))).body()
    assert.include(below.incidents, { opened: 1, resolved: 1, mean_minutes_to_acknowledge: 30, mean_minutes_to_resolve: 90 })
    assert.deepEqual(below.problems, { opened: 0, resolved: 1, closed: 0 })

    // A month with nothing in it has no means, not zeros.
    const empty = (await client.get('/api/reports/service_management').qs({ month: '2019-06' }).loginAs(liaison)).body()
    assert.include(empty.incidents, { opened: 0, resolved: 0, mean_minutes_to_acknowledge: null, mean_minutes_to_resolve: null })

    // Notes are worded in the reader's language.
    liaison.locale = 'zh-TW'
    await liaison.save()
    const zh = (await client.get('/api/reports/service_management').qs({ month: MONTH }).loginAs(liaison)).body()
    assert.include(zh.notes, '解決時間不計暫停期間，也不計重新開啟前已解決的期間（依事件單歷程計算）')
  })

  test('a month that is not one, or an unknown format, is 422 naming the field', async ({ client, assert }) => {
    const reader = await makeUser('cio')
    for (const [qs, field] of [[{ month: '2026-13' }, 'month'], [{ month: '2026-1' }, 'month'], [{ month: "2026-01' OR 1=1" }, 'month'], [{ format: 'xlsx' }, 'format']] as const) {
      const refused = await client.get('/api/reports/service_management').qs(qs).loginAs(reader)
      assert.equal(refused.status(), 422, refused.text())
      assert.equal(refused.body().errors[0].field, field)
      assert.notMatch(refused.text(), /stack|SELECT/)
    }
  })

  test('as CSV: one figure a line, every cell safe from spreadsheet formulas', async ({ client, assert }) => {
    const ministry = await makeAgency({ level: 2, name: '=HYPERLINK("http://evil.test","x")' })
    await incident(ministry.id, 'P2', '2019-04-03T00:00:00Z', [[12, { command: 'start' }], [42, resolve]])
    const liaison = await makeUser('agency_liaison', ministry.id)
    const answer = await client.get('/api/reports/service_management').qs({ month: MONTH, format: 'csv' }).loginAs(liaison)
    answer.assertStatus(200)
    assert.match(answer.header('content-type') ?? '', /^text\/csv/)
    assert.include(answer.header('content-disposition') ?? '', 'service-management-2019-04.csv')
    const lines = answer.text().replace(/^\uFEFF/, '').trim().split('\n')
    assert.equal(lines[0], 'figure,breakdown,value')
    assert.include(lines, 'incidents_opened,,1')
    assert.include(lines, 'incidents_by_priority,P2,1')
    assert.include(lines, `incidents_by_agency,"'=HYPERLINK(""http://evil.test"",""x"") (${ministry.code})",1`)
    assert.include(lines, 'mean_minutes_to_acknowledge,,12')
    assert.include(lines, 'mean_minutes_to_resolve,,42')
    assert.isFalse(lines.some((line) => /(^|,)"?[=+\-@]/.test(line)), lines.join('\n'))
  })
})
