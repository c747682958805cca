import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { parse } from 'csv-parse/sync'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { makeLink } from '#tests/functional/samples/links'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { writeMonth } from '#tests/functional/carrier_contracts/month_rows'
import { monthBounds } from '#app/reports/monthly_figures'

/**
 * Carrier contracts (CRUD, CSV import, scope) and the carrier report over April 2019 (Taipei), a
 * month no other test writes samples in: two lines of one carrier, one per ministry, with their
 * 5-minute sample and probe rows written here, an outage inside a maintenance window and one
 * outside it.
 */
const MONTH = '2019-04'
const { from: MONTH_FROM, to: MONTH_TO } = monthBounds(MONTH)

const post = (client: ApiClient, user: User, url: string, body: Record<string, unknown>) => client.post(url).json(body).loginAs(user).withCsrfToken()

function contractBody(linkId: number, carrier: string, extra: Record<string, unknown> = {}) {
  return { contract_ref: makeCode('CT'), link_id: linkId, carrier, availability_pct: 99.9, latency_ms: 20, latency_percentile: 95, loss_pct: 0.5, ...extra }
}

const inRange = (from: string, to: string) => (b: Date) => (b >= new Date(from) && b < new Date(to) ? 5 : 0)

async function seedReport(client: ApiClient) {
  const { ministry, child, other } = await makeAgencyTree()
  const admin = await makeUser('admin')
  const carrier = makeCode('中華電信')
  const mine = await makeLink(child.id)
  const theirs = await makeLink(other.id)
  // Mine: down 60 min outside any window and 120 min inside one; round trips 1..10 ms; 1 probe in 100 lost.
  await writeMonth(
    MONTH,
    mine.id,
    (b) => inRange('2019-04-10T02:00:00Z', '2019-04-10T03:00:00Z')(b) || inRange('2019-04-20T01:00:00Z', '2019-04-20T03:00:00Z')(b),
    (i) => 1 + (i % 10),
    () => 1
  )
  await writeMonth(MONTH, theirs.id, () => 0, () => 50, () => 0)
  const [window] = await db
    .table('maintenance_windows')
    .insert({ title: 'Fibre splicing', starts_at: '2019-04-20T00:00:00Z', ends_at: '2019-04-20T04:00:00Z', reason: 'Carrier work', agency_id: child.id })
    .returning('id')
  await db.table('maintenance_window_items').insert({ window_id: window.id, item_type: 'link', item_id: mine.id })
  const made = await post(client, admin, '/api/carrier_contracts', contractBody(mine.id, carrier, { availability_pct: 99.9 }))
  made.assertStatus(201)
  ;(await post(client, admin, '/api/carrier_contracts', contractBody(theirs.id, carrier, { latency_ms: 30 }))).assertStatus(201)
  return { ministry, child, other, admin, carrier, mine, theirs, contract: made.body() }
}

test.group('carrier contracts', () => {
  test('an admin enters one per line; its agency is the line\'s, whatever the body says; audited', async ({ client, assert }) => {
    const { child, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const link = await makeLink(child.id)
    const made = await post(client, admin, '/api/carrier_contracts', { ...contractBody(link.id, 'Chunghwa Telecom'), agency_id: other.id })
    made.assertStatus(201)
    assert.equal(made.body().agency_id, child.id)
    assert.equal(made.body().availability_pct, 99.9)
    const audit = await db.from('audit_log').where({ entity: 'carrier_contracts', entity_id: String(made.body().id), action: 'create' }).first()
    assert.exists(audit)
    // One contract per line.
    const twice = await post(client, admin, '/api/carrier_contracts', contractBody(link.id, 'Taiwan Mobile'))
    assert.equal(twice.status(), 422, twice.text())
  })

  test('mistyped values are refused field by field with 422, never 500', async ({ client, assert }) => {
    const { child } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const link = await makeLink(child.id)
    const bad = await post(client, admin, '/api/carrier_contracts', {
      contract_ref: '', link_id: 2147483647, carrier: 'x'.repeat(101), availability_pct: 150, latency_ms: -1, latency_percentile: 90, loss_pct: 'lots',
      starts_on: 'not-a-date',
    })
    assert.equal(bad.status(), 422)
    const fields = bad.body().errors.map((e: { field: string }) => e.field)
    assert.includeMembers(fields, ['contract_ref', 'link_id', 'carrier', 'availability_pct', 'latency_ms', 'latency_percentile', 'loss_pct', 'starts_on'])
    // Words for people, no SQL and no stack.
    assert.notMatch(bad.text(), /\bfrom\b|\binsert\b|carrier_contracts|stack|at \//i)
    const backwards = await post(client, admin, '/api/carrier_contracts', contractBody(link.id, 'FET', { starts_on: '2026-05-01', ends_on: '2026-04-01' }))
    assert.equal(backwards.status(), 422)
    assert.equal(backwards.body().errors[0].field, 'ends_on')
  })

  test("a liaison reads its own agency's contracts only, and may not write them", async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const mine = await post(client, admin, '/api/carrier_contracts', contractBody((await makeLink(child.id)).id, 'CHT'))
    const theirs = await post(client, admin, '/api/carrier_contracts', contractBody((await makeLink(other.id)).id, 'CHT'))
    const liaison = await makeUser('agency_liaison', ministry.id)
    const list = await client.get('/api/carrier_contracts').qs({ filter: JSON.stringify({ carrier: 'CHT' }), range: '[0,999]' }).loginAs(liaison)
    list.assertStatus(200)
    const ids = list.body().map((c: { id: number }) => c.id)
    assert.include(ids, mine.body().id)
    assert.notInclude(ids, theirs.body().id)
    ;(await client.get(`/api/carrier_contracts/${theirs.body().id}`).loginAs(liaison)).assertStatus(404)
    const write = await post(client, liaison, '/api/carrier_contracts', contractBody((await makeLink(child.id)).id, 'CHT'))
    assert.equal(write.status(), 403)
    const csv = await client.get('/api/carrier_contracts/export.csv').loginAs(liaison)
    csv.assertStatus(200)
    assert.include(csv.text(), mine.body().contract_ref)
    assert.notInclude(csv.text(), theirs.body().contract_ref)
  })

  test('imported as CSV by circuit id; a bad line is reported with its column, the good ones kept', async ({ client, assert }) => {
    const { child } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const [a, b] = [await makeLink(child.id), await makeLink(child.id)]
    const [refA, refB, refC] = [makeCode('CT'), makeCode('CT'), makeCode('CT')]
    const file = Buffer.from(
      [
        'contract_ref,circuit_id,carrier,availability_pct,latency_ms,latency_percentile,loss_pct,starts_on,ends_on',
        `${refA},${a.circuit_id},中華電信,99.95,10,95,0.1,2024-01-01,`,
        `${refB},${b.circuit_id},遠傳電信,101,10,95,0.1,,`,
        `${refC},NO-SUCH-CIRCUIT,遠傳電信,99.9,10,95,0.1,,`,
      ].join('\n') + '\n'
    )
    const response = await client
      .post('/api/imports')
      .qs({ resource: 'carrier_contracts', wait: 'true' })
      .file('file', file, { filename: 'contracts.csv', contentType: 'text/csv' })
      .loginAs(admin)
      .withCsrfToken()
    response.assertStatus(200)
    assert.include(response.body(), { status: 'done', inserted: 1, rejected: 2 })
    const fields = response.body().errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)
    assert.sameMembers(fields, ['3:availability_pct', '4:circuit_id'])
    const saved = await db.from('carrier_contracts').where('contract_ref', refA).firstOrFail()
    assert.include(saved, { link_id: a.id, agency_id: child.id, carrier: '中華電信', latency_percentile: 95 })
    assert.equal(Number(saved.availability_pct), 99.95)
  })
})

test.group('carrier report', () => {
  test('availability outside maintenance windows, round-trip percentiles and loss, against the contract', async ({ client, assert }) => {
    const { admin, carrier, mine, theirs } = await seedReport(client)
    const response = await client.get('/api/reports/carrier').qs({ carrier, month: MONTH }).loginAs(admin)
    response.assertStatus(200)
    const report = response.body()
    assert.include(report, { carrier, month: MONTH, from: MONTH_FROM.toISOString(), to: MONTH_TO.toISOString() })
    assert.lengthOf(report.lines, 2)
    const line = report.lines.find((l: { link_id: number }) => l.link_id === mine.id)
    // 30 days = 43,200 minutes, 240 in the window; 60 down outside it.
    assert.include(line.delivered, {
      scheduled_minutes: 43_200 - 240, measured_minutes: 43_200 - 240, maintenance_minutes: 240, down_minutes: 60, coverage_pct: 100,
    })
    assert.equal(line.delivered.availability_pct, Math.round(100_000 * (1 - 60 / (43_200 - 240))) / 1000)
    // Medians 1..10 ms repeating; one probe in a hundred lost everywhere.
    // (The window takes 48 buckets out, five of each value 1–6 and four of 7 and 8: the median falls on 6.)
    assert.include(line.delivered, { rtt_p50_ms: 6, rtt_p95_ms: 10, latency_ms: 10, loss_pct: 1 })
    assert.deepEqual(line.verdict, { availability: 'missed', latency: 'met', loss: 'missed', overall: 'missed' })
    const other = report.lines.find((l: { link_id: number }) => l.link_id === theirs.id)
    assert.deepInclude(other.delivered, { availability_pct: 100, latency_ms: 50 })
    assert.deepEqual(other.verdict, { availability: 'met', latency: 'missed', loss: 'met', overall: 'missed' })
    assert.deepEqual(report.summary, { lines: 2, met: 0, missed: 2, no_data: 0 })
  })

  test("a liaison's report holds its own lines only; analysts may not read it", async ({ client, assert }) => {
    const { ministry, other, carrier, mine } = await seedReport(client)
    const liaison = await makeUser('agency_liaison', ministry.id)
    const report = await client.get('/api/reports/carrier').qs({ carrier, month: MONTH }).loginAs(liaison)
    report.assertStatus(200)
    assert.deepEqual(report.body().lines.map((l: { link_id: number }) => l.link_id), [mine.id])
    const outsider = await makeUser('agency_liaison', other.id)
    const csv = await client.get('/api/reports/carrier.csv').qs({ carrier, month: MONTH }).loginAs(outsider)
    csv.assertStatus(200)
    assert.notInclude(csv.text(), mine.circuit_id)
    const carriers = await client.get('/api/reports/carriers').loginAs(liaison)
    assert.include(carriers.body().carriers, carrier)
    const analyst = await makeUser('analyst')
    ;(await client.get('/api/reports/carrier').qs({ carrier, month: MONTH }).loginAs(analyst)).assertStatus(403)
    ;(await client.get('/api/reports/carrier.csv').qs({ carrier, month: MONTH })).assertStatus(401)
  })

  test('the CSV has one line per circuit, headers and verdicts in the reader\'s language', async ({ client, assert }) => {
    const { admin, carrier, mine } = await seedReport(client)
    const en = await client.get('/api/reports/carrier.csv').qs({ carrier, month: MONTH }).loginAs(admin)
    en.assertStatus(200)
    assert.match(en.header('content-type') ?? '', /^text\/csv/)
    assert.include(en.header('content-disposition'), `carrier-report-${MONTH}.csv`)
    const rows: string[][] = parse(en.text().replace(/^\uFEFF/, ''))
    assert.lengthOf(rows, 3)
    assert.equal(rows[0][0], 'Contract reference')
    const line = rows.find((r) => r[1] === mine.circuit_id)!
    const header = rows[0]
    const cell = (name: string) => line[header.indexOf(name)]
    assert.equal(cell('Minutes down'), '60')
    assert.equal(cell('Round trip delivered (ms)'), '10')
    assert.equal(cell('Loss delivered (%)'), '1')
    assert.equal(cell('Verdict'), 'missed')

    admin.locale = 'zh-TW'
    await admin.save()
    const zh = await client.get('/api/reports/carrier.csv').qs({ carrier, month: MONTH }).loginAs(admin)
    const zhRows: string[][] = parse(zh.text().replace(/^\uFEFF/, ''))
    assert.equal(zhRows[0][0], '合約編號')
    assert.include(zhRows[0], '判定')
    assert.equal(zhRows.find((r) => r[1] === mine.circuit_id)![zhRows[0].indexOf('判定')], '未達成')
  })

  test('a carrier or month that is not one is refused with 422, in the reader\'s words', async ({ client, assert }) => {
    const admin = await makeUser('admin')
    for (const qs of [{ month: MONTH }, { carrier: 'CHT', month: '2019-13' }, { carrier: '', month: MONTH }, { carrier: 'x'.repeat(101) }]) {
      const response = await client.get('/api/reports/carrier.csv').qs(qs).loginAs(admin)
      assert.equal(response.status(), 422, JSON.stringify(qs))
      assert.exists(response.body().errors[0].field)
    }
    // No contracts of that carrier: an empty report, not an error.
    const empty = await client.get('/api/reports/carrier').qs({ carrier: makeCode('nobody'), month: MONTH }).loginAs(admin)
    empty.assertStatus(200)
    assert.deepEqual(empty.body().summary, { lines: 0, met: 0, missed: 0, no_data: 0 })
  })
})
