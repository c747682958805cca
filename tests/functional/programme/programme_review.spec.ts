import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgency, makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import { monthEndJob, rebuildSnapshot, takeSnapshot } from '#app/programme/programme_snapshots'

/** `open` data centres operating and `closed` closed in the agency, written straight to the table (no audit entry: always there). */
async function dataCentres(agencyId: number, open: number, closed: number) {
  const row = (status: string) => ({
    code: makeCode('DC'), name: makeCode('機房'), agency_id: agencyId, region: 'north', status,
    closure_date: status === 'closed' ? '2020-01-15' : null, racks: 2, servers: 10,
  })
  const rows = [...Array.from({ length: open }, () => row('operating')), ...Array.from({ length: closed }, () => row('closed'))]
  return db.table('data_centres').insert(rows).returning('id')
}

const tileOf = (body: any, measure: string) => body.tiles.find((t: any) => t.measure === measure)
const dcGauge = (body: any) => body.measures.find((m: any) => m.key === 'data_centres')

test.group('programme review: the plan as data', () => {
  test("a ministry's gauges are measured against its own share, not the national 280 → 80", async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    await dataCentres(ministry.id, 4, 5)
    const liaison = await makeUser('agency_liaison', ministry.id)
    const admin = await makeUser('admin')

    const derived = await client.get('/api/overview').loginAs(liaison)
    derived.assertStatus(200)
    // Nine at the start, 9 × 80 / 280 = 2.6, rounded up to 3 left: five of six closed.
    assert.deepInclude(dcGauge(derived.body()), { baseline: 9, target: 3, remaining: 4, allocation: 'derived' })
    assert.closeTo(dcGauge(derived.body()).progress, 5 / 6, 1e-9)

    const set = await client.put('/api/programme/targets').json({ measure: 'data_centres', agency_id: ministry.id, year: 2011, baseline: 9, target: 2 }).loginAs(admin).withCsrfToken()
    set.assertStatus(200)
    const allocated = await client.get('/api/overview').loginAs(liaison)
    assert.deepInclude(dcGauge(allocated.body()), { baseline: 9, target: 2, remaining: 4, allocation: 'allocated' })
    assert.closeTo(dcGauge(allocated.body()).progress, 5 / 7, 1e-9)

    const national = await client.get('/api/overview').loginAs(await makeUser('cio'))
    assert.deepInclude(dcGauge(national.body()), { baseline: 280, target: 80, allocation: 'national' })
  })

  test('an edit supersedes the version in force, keeps it, and is audited', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const put = (body: Record<string, unknown>) => client.put('/api/programme/targets').json(body).loginAs(admin).withCsrfToken()
    const first = await put({ measure: 'agency_lines', agency_id: ministry.id, year: 2010, baseline: 120, target: 40 })
    first.assertStatus(200)
    const second = await put({ measure: 'agency_lines', agency_id: ministry.id, year: 2010, baseline: 120, target: 30 })
    second.assertStatus(200)
    await put({ measure: 'agency_lines', agency_id: other.id, year: 2010, baseline: 50, target: 5 })

    const history = await client.get('/api/programme/targets').qs({ agency_id: ministry.id, measure: 'agency_lines' }).loginAs(admin)
    history.assertStatus(200)
    assert.deepEqual(history.body().map((r: any) => [r.target, r.superseded_at === null]), [[30, true], [40, false]])
    const audit = await db.from('audit_log').where('entity', 'programme_targets').where('entity_id', String(second.body().id)).firstOrFail()
    assert.equal(audit.action, 'update')
    assert.deepEqual(audit.before, { id: first.body().id, baseline: 120, target: 40 })
    assert.include(audit.after, { target: 30, supersedes: first.body().id })

    // A ministry's CIO reads the nation's plan and their own ministry's, never another's.
    const cio = await makeUser('cio', ministry.id)
    const theirs = await client.get('/api/programme/targets').loginAs(cio)
    const agencies = new Set(theirs.body().map((r: any) => r.agency_id))
    assert.isTrue(agencies.has(null))
    assert.isTrue(agencies.has(ministry.id))
    assert.isFalse(agencies.has(other.id))
  })

  test('who may set which target, and what is refused with field messages', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const boundAdmin = await makeUser('admin', ministry.id)
    const put = (user: any, body: Record<string, unknown>) => client.put('/api/programme/targets').json(body).loginAs(user).withCsrfToken()
    const base = { measure: 'data_centres', year: 2011, baseline: 9, target: 3 }
    ;(await put(boundAdmin, { ...base, agency_id: null })).assertStatus(403)
    ;(await put(boundAdmin, { ...base, agency_id: other.id })).assertStatus(403)
    const notMinistry = await put(boundAdmin, { ...base, agency_id: child.id })
    notMinistry.assertStatus(422)
    assert.equal(notMinistry.body().errors[0].field, 'agency_id')
    ;(await put(boundAdmin, { ...base, agency_id: ministry.id })).assertStatus(200)
    ;(await put(await makeUser('cio'), { ...base, agency_id: ministry.id })).assertStatus(403)

    const admin = await makeUser('admin')
    for (const [body, field] of [
      [{ ...base, agency_id: ministry.id, measure: 'racks' }, 'measure'],
      [{ ...base, agency_id: ministry.id, year: 20111 }, 'year'],
      [{ ...base, agency_id: ministry.id, target: -1 }, 'target'],
      [{ ...base, agency_id: ministry.id, baseline: 'many' }, 'baseline'],
      [{ ...base, agency_id: 'x' }, 'agency_id'],
    ] as const) {
      const answer = await put(admin, body)
      answer.assertStatus(422)
      assert.include(answer.body().errors.map((e: any) => e.field), field, answer.text())
    }
    const unknownAgency = await put(admin, { ...base, agency_id: 2_000_000_000 })
    unknownAgency.assertStatus(422)
    assert.notInclude(unknownAgency.text(), 'SELECT')
  })

  test('liaisons enter their own agency’s figures, nobody another’s', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const put = (user: any, body: Record<string, unknown>) => client.put('/api/programme/figures').json(body).loginAs(user).withCsrfToken()
    ;(await put(liaison, { agency_id: child.id, year: 2025, figure: 'it_certifications', value: 12 })).assertStatus(200)
    const corrected = await put(liaison, { agency_id: child.id, year: 2025, figure: 'it_certifications', value: 14 })
    corrected.assertStatus(200)
    assert.equal(corrected.body().value, 14)
    ;(await put(liaison, { agency_id: other.id, year: 2025, figure: 'it_certifications', value: 1 })).assertStatus(403)
    ;(await put(await makeUser('agency_liaison', child.id), { agency_id: ministry.id, year: 2025, figure: 'maintenance_saved', value: 1 })).assertStatus(403)
    ;(await put(await makeUser('cio', ministry.id), { agency_id: ministry.id, year: 2025, figure: 'maintenance_saved', value: 1 })).assertStatus(403)
    const wrong = await put(liaison, { agency_id: child.id, year: 2025, figure: 'racks', value: 1 })
    wrong.assertStatus(422)
    assert.equal(wrong.body().errors[0].field, 'figure')

    const audit = await db.from('audit_log').where('entity', 'programme_figures').where('entity_id', String(corrected.body().id)).orderBy('id')
    assert.deepEqual(audit.map((a) => a.action), ['create', 'update'])
    assert.deepEqual(audit[1].before, { value: 12 })

    const listed = await client.get('/api/programme/figures').loginAs(await makeUser('agency_liaison', other.id))
    assert.notInclude(listed.body().map((f: any) => f.agency_id), child.id)
  })
})

test.group('programme review: month-end snapshots', () => {
  test('a stored month does not move when the inventory changes afterwards', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const ids = await dataCentres(ministry.id, 4, 5)
    const stored = await takeSnapshot('2020-01', { replace: true })
    assert.isTrue(stored.stored)
    const cio = await makeUser('cio', ministry.id)
    const before = await client.get('/api/reports/programme').qs({ month: '2020-01' }).loginAs(cio)
    before.assertStatus(200)
    assert.equal(before.body().source, 'month_end')
    assert.deepInclude(tileOf(before.body(), 'data_centres'), { actual: 4, baseline: 9 })

    // A correction afterwards: one more closed, one more found.
    const admin = await makeUser('admin')
    await client.put(`/api/data_centres/${ids[0].id}`).json({ status: 'closed', closure_date: '2020-03-01' }).loginAs(admin).withCsrfToken()
    await client.post('/api/data_centres').json(validBody('data_centres', ministry.id)).loginAs(admin).withCsrfToken()

    const after = await client.get('/api/reports/programme').qs({ month: '2020-01' }).loginAs(cio)
    assert.deepEqual(tileOf(after.body(), 'data_centres'), tileOf(before.body(), 'data_centres'))
    // Taking the month again without --replace keeps what was stored.
    assert.isFalse((await takeSnapshot('2020-01')).stored)
    const kept = await db.from('programme_snapshots').where({ month: '2020-01', agency_id: ministry.id, measure: 'data_centres' }).firstOrFail()
    assert.equal(Number(kept.actual), 4)
    // Today's overview has moved.
    assert.equal(dcGauge((await client.get('/api/overview').loginAs(cio)).body()).remaining, 4)
  })

  test('a missed month is rebuilt from the audit log as it stood at its end', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const ids = await dataCentres(ministry.id, 3, 1)
    const admin = await makeUser('admin')
    // After the month: one closed and one added, both through the API (audited).
    ;(await client.put(`/api/data_centres/${ids[0].id}`).json({ status: 'closed', closure_date: '2026-01-02' }).loginAs(admin).withCsrfToken()).assertStatus(200)
    ;(await client.post('/api/data_centres').json(validBody('data_centres', ministry.id)).loginAs(admin).withCsrfToken()).assertStatus(201)
    const now = await db.from('data_centres').where('agency_id', ministry.id).whereNot('status', 'closed').count('* as n')
    assert.equal(Number(now[0].n), 3)

    const rebuilt = await rebuildSnapshot('2020-02', { replace: true })
    assert.isTrue(rebuilt.stored)
    const row = await db.from('programme_snapshots').where({ month: '2020-02', agency_id: ministry.id, measure: 'data_centres' }).firstOrFail()
    assert.deepInclude({ ...row, actual: Number(row.actual) }, { actual: 3, total: 4, source: 'audit_log' })
  })

  test('the month-end job takes the month just ended, once', async ({ assert }) => {
    const first = await monthEndJob(new Date('2019-10-05T00:00:00Z'))
    assert.deepInclude(first, { month: '2019-09', stored: true })
    const row = await db.from('programme_snapshots').where('month', '2019-09').whereNull('agency_id').where('measure', 'data_centres').firstOrFail()
    assert.equal(row.source, 'month_end')
    assert.deepInclude(await monthEndJob(new Date('2019-10-20T00:00:00Z')), { month: '2019-09', stored: false })
  })

  // Three ace processes: each boots the app (seconds on a loaded machine).
  test('the commands take and rebuild a month, and refuse a malformed one', async ({ assert }) => {
    const { spawnSync } = await import('node:child_process')
    const run = (...args: string[]) => spawnSync('node', ['ace', ...args], { encoding: 'utf8' })
    const taken = run('programme:snapshot', '--month', '2019-07', '--replace', '--json')
    assert.equal(taken.status, 0, taken.stderr)
    assert.include(taken.stdout, '"stored":true')
    const rebuilt = run('programme:rebuild', '--month', '2019-08', '--replace', '--json')
    assert.equal(rebuilt.status, 0, rebuilt.stderr)
    assert.include(rebuilt.stdout, '"stored":true')
    assert.equal(run('programme:snapshot', '--month', '2019-13').status, 1)
    const stored = await db.from('programme_snapshots').where('month', '2019-08').whereNull('agency_id').select('source')
    assert.deepEqual([...new Set(stored.map((r) => r.source))], ['audit_log'])
    assert.isNotNull(await db.from('programme_snapshots').where('month', '2019-07').first())
  }).timeout(300_000)
})

test.group('programme review: the report', () => {
  test("ministry CIOs read their ministry and below, never another's; national CIOs all", async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const cio = await makeUser('cio', ministry.id)
    const get = (user: any, qs: Record<string, unknown>) => client.get('/api/reports/programme').qs(qs).loginAs(user)
    const own = await get(cio, { month: '2020-01' })
    own.assertStatus(200)
    assert.equal(own.body().scope.agency_id, ministry.id)
    assert.deepEqual(own.body().ranking.map((r: any) => r.agency_id), [child.id])
    ;(await get(cio, { month: '2020-01', agency_id: child.id })).assertStatus(200)
    for (const qs of [{ agency_id: other.id }, { agency_id: 2_000_000_000 }]) {
      const refused = await get(cio, { month: '2020-01', ...qs })
      refused.assertStatus(404)
      assert.notInclude(refused.text(), other.name)
    }
    for (const format of ['csv', 'json']) (await get(cio, { month: '2020-01', agency_id: other.id, format })).assertStatus(404)
    const national = await get(await makeUser('cio'), { month: '2020-01' })
    national.assertStatus(200)
    assert.isNull(national.body().scope.agency_id)
    assert.includeMembers(national.body().ranking.map((r: any) => r.agency_id), [ministry.id, other.id])

    for (const qs of [{ month: '2020-13' }, { month: '20-01' }, { agency_id: 'x' }, { format: 'xlsx' }, { month: '2999-01' }]) {
      const bad = await get(cio, qs)
      bad.assertStatus(422)
      assert.isString(bad.body().errors[0].field)
    }
  })

  test('the month under way reads today’s counts; ministries rank by how far behind plan they are', async ({ client, assert }) => {
    const root = await makeAgency({ level: 2 })
    const ahead = await makeAgency({ parentId: root.id })
    const behind = await makeAgency({ parentId: root.id })
    await dataCentres(ahead.id, 1, 9)
    await dataCentres(behind.id, 9, 1)
    const cio = await makeUser('cio', root.id)
    const report = await client.get('/api/reports/programme').loginAs(cio)
    report.assertStatus(200)
    assert.equal(report.body().source, 'live')
    assert.deepEqual(report.body().ranking.map((r: any) => r.agency_id), [behind.id, ahead.id])
    assert.include(report.body().notes.join(' '), 'has not ended')
    assert.deepInclude(tileOf(report.body(), 'data_centres'), { actual: 10, baseline: 20, allocation: 'derived' })
  })

  test('the CIO writes the month’s comment for their own scope; the CSV carries the figures, safe from formulas', async ({ client, assert }) => {
    const ministry = await makeAgency({ level: 2 })
    await makeAgency({ parentId: ministry.id, name: '=HYPERLINK("http://x")' })
    const other = await makeAgency({ level: 2 })
    await dataCentres(ministry.id, 2, 2)
    const cio = await makeUser('cio', ministry.id)
    const comment = (body: Record<string, unknown>) => client.put('/api/reports/programme/comment').json(body).loginAs(cio).withCsrfToken()
    ;(await comment({ month: '2020-01', agency_id: null, body: 'Nation' })).assertStatus(404)
    ;(await comment({ month: '2020-01', agency_id: other.id, body: 'Other' })).assertStatus(404)
    ;(await comment({ month: '2020-01', agency_id: ministry.id, body: '' })).assertStatus(422)
    ;(await comment({ month: '2020-01', agency_id: ministry.id, body: '=1+1 on plan' })).assertStatus(200)
    ;(await client.put('/api/reports/programme/comment').json({ month: '2020-01', agency_id: ministry.id, body: 'x' }).loginAs(await makeUser('agency_liaison', ministry.id)).withCsrfToken()).assertStatus(403)

    const json = await client.get('/api/reports/programme').qs({ month: '2020-01' }).loginAs(cio)
    assert.equal(json.body().comment.body, '=1+1 on plan')
    const csv = await client.get('/api/reports/programme').qs({ month: '2020-01', format: 'csv' }).loginAs(cio)
    csv.assertStatus(200)
    assert.include(csv.header('content-type'), 'text/csv')
    const text = csv.text()
    assert.include(text, "'=1+1 on plan")
    assert.include(text, `"'=HYPERLINK(""http://x"")`)
    const tile = tileOf(json.body(), 'data_centres')
    assert.include(text, `measure,data_centres,final_target,${tile.final_target ?? ''}`)
    const audit = await db.from('audit_log').where('entity', 'programme_comments').orderBy('id', 'desc').firstOrFail()
    assert.equal(audit.after.body, '=1+1 on plan')
  })
})
