import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { actorOf } from '#app/incidents/incident_service'
import {
  HOUR, MINUTE, P2_AROUND_THE_CLOCK, P3_OFFICE_HOURS, commandAt, openAt, second, storedClock, usePolicies,
} from '#tests/functional/service_levels/support'

const write = (client: ApiClient, user: User, method: 'post' | 'put' | 'patch' | 'delete', url: string, body: object = {}) =>
  client[method](url).json(body).loginAs(user).withCsrfToken()

/** The fields a 422 names. */
const fieldsOf = (body: { errors?: Array<{ field?: string }> }) => (body.errors ?? []).map((e) => e.field)

/** The migration's office hours, which other files count on. */
async function restoreHours() {
  await db.from('business_hours').where('id', 1).update({ weekdays: [1, 2, 3, 4, 5], opens_at: '08:30', closes_at: '17:30' })
}

test.group('SLA policies, holidays and office hours as resources', (group) => {
  group.each.setup(async () => {
    await usePolicies([P2_AROUND_THE_CLOCK, P3_OFFICE_HOURS])
    await restoreHours()
    return restoreHours
  })

  test('mistyped and duplicate values are 422 on their field, never 500', async ({ client, assert }) => {
    const admin = await makeUser('admin')
    const policy = { type: 'service', priority: 'P1', respond_minutes: 15, resolve_minutes: 240, calendar: '24x7' }
    const cases: Array<[object, string]> = [
      [{ ...policy, respond_minutes: -1 }, 'respond_minutes'],
      [{ ...policy, resolve_minutes: 1.5 }, 'resolve_minutes'],
      [{ ...policy, calendar: 'x' }, 'calendar'],
      [{ ...policy, priority: 'P9' }, 'priority'],
      [{ ...policy, priority: 'P2' }, 'priority'],
    ]
    for (const [body, field] of cases) {
      const refused = await write(client, admin, 'post', '/api/sla_policies', body)
      assert.equal(refused.status(), 422, refused.text())
      assert.include(fieldsOf(refused.body()), field, refused.text())
      assert.notMatch(refused.text(), /sla_policies_|SELECT|INSERT|at .*\.ts/)
    }
    const made = await write(client, admin, 'post', '/api/sla_policies', policy)
    made.assertStatus(201)
    // Moving a policy onto another's type and priority is the same duplicate.
    const moved = await write(client, admin, 'patch', `/api/sla_policies/${made.body().id}`, { priority: 'P3' })
    moved.assertStatus(422)
    assert.deepEqual(fieldsOf(moved.body()), ['priority'])

    const day = { date: '2026-03-02', kind: 'holiday', name_en: 'Typhoon day', name_zh: '颱風假' }
    const first = await write(client, admin, 'post', '/api/holidays', day)
    first.assertStatus(201)
    const again = await write(client, admin, 'post', '/api/holidays', { ...day, kind: 'working_day' })
    again.assertStatus(422)
    assert.deepEqual(fieldsOf(again.body()), ['date'])
    for (const [body, field] of [[{ ...day, date: 'x' }, 'date'], [{ ...day, date: '2026-02-30' }, 'date'], [{ ...day, kind: 'bridge' }, 'kind'], [{ ...day, name_zh: '' }, 'name_zh']] as const) {
      const refused = await write(client, admin, 'post', '/api/holidays', body)
      assert.equal(refused.status(), 422, refused.text())
      assert.include(fieldsOf(refused.body()), field)
    }
    await write(client, admin, 'delete', `/api/holidays/${first.body().id}`)

    for (const [body, field] of [
      [{ opens_at: '18:00' }, 'closes_at'],
      [{ opens_at: '8 am' }, 'opens_at'],
      [{ closes_at: '24:00' }, 'closes_at'],
      [{ weekdays: [] }, 'weekdays'],
      [{ weekdays: [1, 8] }, 'weekdays.1'],
      [{ weekdays: [1, 1] }, 'weekdays'],
    ] as const) {
      const refused = await write(client, admin, 'patch', '/api/business_hours/1', body)
      assert.equal(refused.status(), 422, `${JSON.stringify(body)} ${refused.text()}`)
      assert.include(fieldsOf(refused.body()), field, refused.text())
    }
    const hours = await client.get('/api/business_hours/1').loginAs(admin)
    assert.include(hours.body(), { opens_at: '08:30:00', closes_at: '17:30:00' })
  })

  test('admins write, the desk reads, liaisons see none of it; every change is audited', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const noc = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const [policy] = await db.from('sla_policies').where({ type: 'service', priority: 'P2' })

    ;(await client.get('/api/sla_policies').loginAs(noc)).assertStatus(200)
    ;(await client.get('/api/holidays').loginAs(noc)).assertStatus(200)
    ;(await write(client, noc, 'patch', `/api/sla_policies/${policy.id}`, { resolve_minutes: 1 })).assertStatus(403)
    ;(await write(client, noc, 'post', '/api/holidays', { date: '2026-03-03', kind: 'holiday', name_en: 'x', name_zh: 'x' })).assertStatus(403)
    ;(await write(client, noc, 'patch', '/api/business_hours/1', { opens_at: '09:00' })).assertStatus(403)
    for (const url of ['/api/sla_policies', `/api/sla_policies/${policy.id}`, '/api/holidays', '/api/business_hours/1']) {
      ;(await client.get(url).loginAs(liaison)).assertStatus(403)
    }
    ;(await write(client, admin, 'post', '/api/business_hours', { weekdays: [1], opens_at: '09:00', closes_at: '17:00' })).assertStatus(403)
    ;(await write(client, admin, 'delete', '/api/business_hours/1')).assertStatus(403)

    const changed = await write(client, admin, 'patch', `/api/sla_policies/${policy.id}`, { resolve_minutes: 600 })
    changed.assertStatus(200)
    const audit = await db.from('audit_log').where({ entity: 'sla_policies', entity_id: String(policy.id), action: 'update' }).firstOrFail()
    assert.deepInclude(audit.after, { resolve_minutes: 600 })
  })

  test('a changed policy moves the stored due times of its open incidents, not of closed ones', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const t0 = second(Date.now() - HOUR)
    const open = await openAt(ministry.id, t0)
    const closed = await openAt(ministry.id, t0)
    await commandAt(actorOf(admin), closed.id, { command: 'resolve', resolution: 'Done' }, new Date(t0.getTime() + MINUTE))
    await commandAt(actorOf(admin), closed.id, { command: 'close' }, new Date(t0.getTime() + 2 * MINUTE))
    const closedBefore = await storedClock(closed.id)
    assert.equal((await storedClock(open.id)).resolve_due_at, new Date(t0.getTime() + 8 * HOUR).toISOString())

    const [policy] = await db.from('sla_policies').where({ type: 'service', priority: 'P2' })
    ;(await write(client, admin, 'patch', `/api/sla_policies/${policy.id}`, { resolve_minutes: 600 })).assertStatus(200)
    assert.equal((await storedClock(open.id)).resolve_due_at, new Date(t0.getTime() + 10 * HOUR).toISOString())
    assert.deepEqual(await storedClock(closed.id), closedBefore)
    const shown = await client.get(`/api/incidents/${open.id}`).loginAs(admin)
    assert.equal(shown.body().sla.resolve_due_at, new Date(t0.getTime() + 10 * HOUR).toISOString())

    // Without a policy the incident has no clock; with one again, it has.
    ;(await write(client, admin, 'delete', `/api/sla_policies/${policy.id}`)).assertStatus(200)
    assert.include(await storedClock(open.id), { respond_due_at: null, resolve_due_at: null, sla_due_at: null })
    assert.isNull((await client.get(`/api/incidents/${open.id}`).loginAs(admin)).body().sla)
    ;(await write(client, admin, 'post', '/api/sla_policies', { ...P2_AROUND_THE_CLOCK, resolve_minutes: 480 })).assertStatus(201)
    assert.equal((await storedClock(open.id)).resolve_due_at, new Date(t0.getTime() + 8 * HOUR).toISOString())
  })

  test('a holiday added or removed, or new office hours, move business-hours due times', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    // Monday 2 March 2026, 09:00 in Taipei: four office hours to respond, due 13:00 that day.
    const { id } = await openAt(ministry.id, new Date('2026-03-02T09:00:00+08:00'), 'P3')
    const respondDue = async () => (await storedClock(id)).respond_due_at
    assert.equal(await respondDue(), new Date('2026-03-02T13:00:00+08:00').toISOString())

    const day = await write(client, admin, 'post', '/api/holidays', { date: '2026-03-02', kind: 'holiday', name_en: 'Typhoon day', name_zh: '颱風假' })
    day.assertStatus(201)
    assert.equal(await respondDue(), new Date('2026-03-03T12:30:00+08:00').toISOString())
    const shown = await client.get(`/api/incidents/${id}`).loginAs(admin)
    assert.equal(shown.body().sla.respond_due_at, new Date('2026-03-03T12:30:00+08:00').toISOString())

    ;(await write(client, admin, 'patch', '/api/business_hours/1', { opens_at: '09:00', closes_at: '18:00' })).assertStatus(200)
    assert.equal(await respondDue(), new Date('2026-03-03T13:00:00+08:00').toISOString())

    ;(await write(client, admin, 'delete', `/api/holidays/${day.body().id}`)).assertStatus(200)
    assert.equal(await respondDue(), new Date('2026-03-02T13:00:00+08:00').toISOString())
  })
})
