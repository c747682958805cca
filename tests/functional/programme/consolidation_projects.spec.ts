import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'

async function room(agencyId: number) {
  const [row] = await db
    .table('data_centres')
    .insert({ code: makeCode('DC'), name: makeCode('機房'), agency_id: agencyId, region: 'north', status: 'consolidating', racks: 1, servers: 1 })
    .returning('id')
  return row.id as number
}

test.group('consolidation projects', () => {
  test('a liaison plans their agency’s closure; a late one is flagged and listed in the month’s review', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const post = (user: any, body: Record<string, unknown>) => client.post('/api/consolidation_projects').json(body).loginAs(user).withCsrfToken()
    const base = { ...validBody('consolidation_projects', child.id), source_data_centre_id: await room(child.id) }

    const late = await post(liaison, { ...base, status: 'blocked', planned_date: '2019-05-20', blockers: 'Power upgrade not finished', owner: '資訊室' })
    late.assertStatus(201)
    assert.isTrue(late.body().slipped)
    const onTime = await post(liaison, { ...base, code: makeCode('PRJ'), planned_date: '2099-01-31' })
    onTime.assertStatus(201)
    assert.isFalse(onTime.body().slipped)

    // Refused with field messages: no data centre to close, the same one receiving, done without a date.
    for (const [body, field] of [
      [{ ...base, code: makeCode('PRJ'), source_data_centre_id: null }, 'source_data_centre_id'],
      [{ ...base, code: makeCode('PRJ'), receiving_data_centre_id: base.source_data_centre_id }, 'receiving_data_centre_id'],
      [{ ...base, code: makeCode('PRJ'), status: 'done' }, 'actual_date'],
      [{ ...base, code: makeCode('PRJ'), kind: 'line_cutover', uplink_id: null }, 'uplink_id'],
      [{ ...base, code: makeCode('PRJ'), planned_date: 'next spring' }, 'planned_date'],
      [{ ...base, code: makeCode('PRJ'), status: 'late' }, 'status'],
    ] as const) {
      const refused = await post(liaison, body)
      refused.assertStatus(422)
      assert.include(refused.body().errors.map((e: any) => e.field), field, refused.text())
    }

    // Another ministry's data centre, change or agency cannot be named.
    const theirRoom = await post(liaison, { ...base, code: makeCode('PRJ'), source_data_centre_id: await room(other.id) })
    theirRoom.assertStatus(422)
    const admin = await makeUser('admin')
    const change = await client.post('/api/changes').json(validBody('changes', other.id)).loginAs(admin).withCsrfToken()
    change.assertStatus(201)
    const theirChange = await post(liaison, { ...base, code: makeCode('PRJ'), change_id: change.body().id })
    theirChange.assertStatus(422)
    assert.equal(theirChange.body().errors[0].field, 'change_id')
    ;(await post(liaison, { ...base, code: makeCode('PRJ'), agency_id: other.id })).assertStatus(403)

    const outsider = await makeUser('agency_liaison', other.id)
    ;(await client.get(`/api/consolidation_projects/${late.body().id}`).loginAs(outsider)).assertStatus(404)
    const theirList = await client.get('/api/consolidation_projects').loginAs(outsider)
    assert.notInclude(theirList.body().map((p: any) => p.id), late.body().id)
    ;(await post(await makeUser('cio', ministry.id), { ...base, code: makeCode('PRJ') })).assertStatus(403)

    const review = await client.get('/api/reports/programme').qs({ month: '2019-06' }).loginAs(await makeUser('cio', ministry.id))
    review.assertStatus(200)
    assert.deepEqual(review.body().late_projects.map((p: any) => p.id), [late.body().id])
    assert.include(review.body().late_projects[0], { blockers: 'Power upgrade not finished', planned_date: '2019-05-20' })
    // In May it was not late yet.
    const may = await client.get('/api/reports/programme').qs({ month: '2019-04' }).loginAs(await makeUser('cio', ministry.id))
    assert.deepEqual(may.body().late_projects, [])

    const audit = await db.from('audit_log').where({ entity: 'consolidation_projects', entity_id: String(late.body().id) }).firstOrFail()
    assert.equal(audit.action, 'create')
  })
  test("an agency's review lists its data centres with their closure projects and systems to move; the projects carry their timeline", async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const source = await room(child.id)
    await room(other.id)
    const [system] = await db.table('information_systems')
      .insert({ code: makeCode('SYS'), name: makeCode('人事系統'), agency_id: child.id, data_centre_id: source, category: 'shared_personnel', status: 'migrating' })
      .returning('id')
    await db.table('information_systems').insert({ code: makeCode('SYS'), name: makeCode('舊系統'), agency_id: child.id, data_centre_id: source, category: 'payroll', status: 'retired' })
    const [late] = await db.table('consolidation_projects').insert({
      code: makeCode('PRJ'), name: makeCode('裁撤'), kind: 'data_centre_closure', agency_id: child.id, source_data_centre_id: source, wave: 1, status: 'in_progress',
      planned_date: '2019-05-20', created_at: new Date('2018-11-01T09:00:00+08:00'),
    }).returning('id')
    const cio = await makeUser('cio', ministry.id)
    const review = (await client.get('/api/reports/programme').qs({ month: '2019-06', agency_id: child.id }).loginAs(cio)).body()
    assert.deepEqual(review.data_centres.map((d: any) => d.id), [source])
    assert.deepEqual(review.data_centres[0].projects, [late.id])
    assert.deepEqual(review.data_centres[0].systems.map((s: any) => s.id), [system.id], 'retired systems have nothing left to move')
    assert.equal(review.today, '2019-06-30')
    assert.deepInclude(review.projects.map((p: any) => ({ id: p.id, started: p.started, slipped: p.slipped })), { id: late.id, started: '2018-11-01', slipped: true })
    // The ministry's own review: the project on its timeline, no data centres of its own.
    const ministryReview = (await client.get('/api/reports/programme').qs({ month: '2019-06' }).loginAs(cio)).body()
    assert.include(ministryReview.projects.map((p: any) => p.id), late.id)
    assert.deepEqual(ministryReview.data_centres, [])
    // Another ministry's agency is not there to drill into.
    ;(await client.get('/api/reports/programme').qs({ month: '2019-06', agency_id: other.id }).loginAs(cio)).assertStatus(404)
  })
})
