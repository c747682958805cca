import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import { openIncident } from '#app/incidents/incident_service'
import { queue } from '#app/platform/queues'
import { message } from '#app/core/messages'
import { COMMAND_MOVES, INCIDENT_COMMANDS, INCIDENT_STATUSES } from '#shared/incident_lifecycle'

async function raise(client: ApiClient, user: User, agencyId: number, extra: object = {}) {
  const role = user.role === 'analyst' ? 'analyst' : 'noc'
  const created = await client.post('/api/incidents').json({ ...validBody('incidents', agencyId, role), ...extra }).loginAs(user).withCsrfToken()
  created.assertStatus(201)
  return created.body() as { id: number; number: string; status: string }
}

const command = (client: ApiClient, user: User, id: number, name: string, json: object = {}) =>
  client.post(`/api/incidents/${id}/${name}`).json(json).loginAs(user).withCsrfToken()

const BODIES: Record<string, object> = {
  assign: { assignee_id: null },
  hold: { reason: 'supplier' },
  resolve: { resolution: 'Carrier replaced the SFP' },
  reopen: { reason: 'It failed again' },
  cancel: { reason: 'Raised in error' },
}

test.group('incident commands', () => {
  test('an incident worked from new to closed: each move stamps its clock and writes timeline and audit', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const engineer = await makeUser('noc')
    const { id } = await raise(client, noc, ministry.id)

    const assigned = await command(client, noc, id, 'assign', { assignee_id: engineer.id, note: 'Yours: carrier ticket 42' })
    assigned.assertStatus(200)
    assert.include(assigned.body(), { status: 'assigned', assignee_id: engineer.id, assignee_name: 'Test noc' })
    assert.exists(assigned.body().acknowledged_at)

    ;(await command(client, engineer, id, 'start')).assertStatus(200)
    const held = await command(client, engineer, id, 'hold', { reason: 'supplier', note: 'Waiting for Chunghwa Telecom' })
    assert.equal(held.body().status, 'on_hold')
    ;(await command(client, engineer, id, 'start')).assertStatus(200)

    const noResolution = await command(client, engineer, id, 'resolve', {})
    noResolution.assertStatus(422)
    noResolution.assertBodyContains({ errors: [{ field: 'resolution' }] })
    const resolved = await command(client, engineer, id, 'resolve', { resolution: 'SFP replaced' })
    assert.include(resolved.body(), { status: 'resolved', resolution: 'SFP replaced' })
    assert.exists(resolved.body().resolved_at)

    const reopened = await command(client, noc, id, 'reopen', { reason: 'Errors again after an hour' })
    assert.include(reopened.body(), { status: 'in_progress', resolved_at: null })
    ;(await command(client, engineer, id, 'resolve', { resolution: 'Patch cord replaced too' })).assertStatus(200)
    const closed = await command(client, noc, id, 'close')
    assert.equal(closed.body().status, 'closed')
    assert.exists(closed.body().closed_at)

    const timeline = await client.get(`/api/incidents/${id}/timeline`).loginAs(noc)
    timeline.assertStatus(200)
    const entries = timeline.body() as Array<Record<string, any>>
    assert.deepEqual(
      entries.map((e) => [e.kind, e.from_status, e.to_status, e.actor.email]),
      [
        ['opened', null, 'new', noc.email],
        ['assigned', null, null, noc.email],
        ['assigned', null, null, noc.email],
        ['note', null, null, noc.email],
        ['moved', 'new', 'assigned', noc.email],
        ['moved', 'assigned', 'in_progress', engineer.email],
        ['moved', 'in_progress', 'on_hold', engineer.email],
        ['moved', 'on_hold', 'in_progress', engineer.email],
        ['moved', 'in_progress', 'resolved', engineer.email],
        ['moved', 'resolved', 'in_progress', noc.email],
        ['moved', 'in_progress', 'resolved', engineer.email],
        ['moved', 'resolved', 'closed', noc.email],
      ]
    )
    // The routing rules handed the new incident to its region's team (incident_routing.ts).
    assert.equal(entries[1].text, 'Routed to North joint-defence team (JDT-NORTH)')
    assert.equal(entries[2].text, 'Assigned to Test noc')
    assert.equal(entries[6].text, 'On hold, waiting for a supplier')
    assert.equal(entries[6].body, 'Waiting for Chunghwa Telecom')
    assert.equal(entries[9].body, 'Errors again after an hour')

    // The opening and each move are announced in the one envelope the notifiers read, queued once it committed.
    const jobs = await queue('notifications').getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])
    const announced = jobs.filter((j) => j.data?.subject?.kind === 'incident' && j.data.subject.id === id)
    assert.sameMembers(announced.map((j) => j.name), ['incident.opened', 'incident.assigned', ...Array(5).fill('incident.moved'), 'incident.resolved', 'incident.resolved'])
    const assignedEvent = announced.find((j) => j.name === 'incident.assigned')!.data
    assert.include(assignedEvent, { agency_id: ministry.id, priority: 'P3' })
    assert.deepEqual(assignedEvent.summary.key, 'events.incident')
    assert.equal(assignedEvent.payload.incident.assignee_id, engineer.id)
    assert.equal((await db.from('monitoring_outbox').whereRaw("event->'subject'->>'id' = ?", [String(id)]).count('* as n'))[0].n, '0')

    const audit = await db.from('audit_log').where({ entity: 'incidents', entity_id: String(id) }).orderBy('id')
    assert.deepEqual(audit.map((a) => a.action), ['create', ...Array(8).fill('update')])
    assert.deepEqual(audit.at(-1).after, { status: 'closed', closed_at: closed.body().closed_at })
  })

  test('every command refused where the lifecycle does not offer it: 422 on status, nothing written', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const { id } = await raise(client, noc, ministry.id)
    for (const status of INCIDENT_STATUSES) {
      await db.from('incidents').where('id', id).update({ status })
      for (const name of INCIDENT_COMMANDS.filter((c) => !COMMAND_MOVES[c].from.includes(status))) {
        const refused = await command(client, noc, id, name, BODIES[name] ?? {})
        assert.equal(refused.status(), 422, `${name} on ${status}: ${refused.text()}`)
        assert.equal(refused.body().errors[0].field, 'status')
      }
    }
    const timeline = await db.from('incident_timeline').where('incident_id', id)
    assert.deepEqual(timeline.map((e) => e.kind), ['opened', 'assigned'])
  })

  test('roles and agency scope: another agency sees no such incident; the wrong team is refused', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const service = await raise(client, noc, child.id)
    const security = await raise(client, await makeUser('analyst'), child.id)

    const outsider = await makeUser('agency_liaison', other.id)
    for (const name of INCIDENT_COMMANDS) {
      const r = await command(client, outsider, service.id, name, BODIES[name] ?? {})
      assert.equal(r.status(), 404, `${name}: ${r.text()}`)
    }
    ;(await client.post(`/api/incidents/${service.id}/notes`).json({ body: 'hello' }).loginAs(outsider).withCsrfToken()).assertStatus(404)
    ;(await client.get(`/api/incidents/${service.id}/timeline`).loginAs(outsider)).assertStatus(404)

    // The ministry's liaison works the incidents of the agencies below it.
    const liaison = await makeUser('agency_liaison', ministry.id)
    ;(await command(client, liaison, service.id, 'start')).assertStatus(200)

    for (const role of ['auditor', 'cio'] as const) {
      ;(await command(client, await makeUser(role), service.id, 'hold', { reason: 'requester' })).assertStatus(403)
    }
    ;(await command(client, noc, security.id, 'start')).assertStatus(403)
    ;(await command(client, await makeUser('analyst'), service.id, 'hold', { reason: 'requester' })).assertStatus(403)
    ;(await client.post(`/api/incidents/${security.id}/notes`).json({ body: 'not mine' }).loginAs(noc).withCsrfToken()).assertStatus(403)
    const stored = await db.from('incidents').whereIn('id', [service.id, security.id]).orderBy('id')
    assert.deepEqual(stored.map((r) => r.status), ['in_progress', 'new'])
  })

  test('an incident is handed only to an active account that works its type within its agency', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const { id } = await raise(client, noc, ministry.id)
    const disabled = await makeUser('noc')
    disabled.active = false
    await disabled.save()
    const refused = [
      await makeUser('auditor'),
      await makeUser('analyst'),
      await makeUser('agency_liaison', other.id),
      disabled,
    ]
    const answers = new Set<string>()
    for (const user of refused) {
      const r = await command(client, noc, id, 'assign', { assignee_id: user.id })
      assert.equal(r.status(), 422, `${user.role}: ${r.text()}`)
      answers.add(r.body().errors[0].message.replace(String(user.id), 'N'))
    }
    const missing = await command(client, noc, id, 'assign', { assignee_id: 2_000_000_000 })
    missing.assertStatus(422)
    answers.add(missing.body().errors[0].message.replace('2000000000', 'N'))
    assert.equal(answers.size, 1, 'one answer whether the account exists or not')
    assert.equal((await db.from('incidents').where('id', id).first()).assignee_id, null)
    ;(await command(client, noc, id, 'assign', { assignee_id: (await makeUser('agency_liaison', ministry.id)).id })).assertStatus(200)
  })

  test('mistyped ids and bodies are 422 with field messages, never 500', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const { id } = await raise(client, noc, ministry.id)
    const cases: Array<[string, object, string]> = [
      ['hold', { reason: 'bored' }, 'reason'],
      ['hold', {}, 'reason'],
      ['assign', { assignee_id: 'abc' }, 'assignee_id'],
      ['assign', { assignee_id: 1e20 }, 'assignee_id'],
      ['resolve', { resolution: 'x' }, 'resolution'],
      ['cancel', { reason: ['a'] }, 'reason'],
    ]
    for (const [name, json, field] of cases) {
      const r = await command(client, noc, id, name, json)
      assert.equal(r.status(), 422, `${name} ${JSON.stringify(json)}: ${r.text()}`)
      assert.equal(r.body().errors[0].field, field)
    }
    const badNotes: Array<[object, string]> = [
      [{}, 'body'],
      [{ body: 'worked', minutes_spent: -5 }, 'minutes_spent'],
      [{ body: 'worked', minutes_spent: 'lots' }, 'minutes_spent'],
    ]
    for (const [json, field] of badNotes) {
      const r = await client.post(`/api/incidents/${id}/notes`).json(json).loginAs(noc).withCsrfToken()
      assert.equal(r.status(), 422, r.text())
      assert.equal(r.body().errors[0].field, field)
    }
    ;(await command(client, noc, 0, 'start')).assertStatus(422)
    const text = await command(client, noc, 'abc' as unknown as number, 'start')
    text.assertStatus(422)
    const huge = await command(client, noc, 99999999999, 'start')
    huge.assertStatus(404)
    for (const r of [text, huge]) assert.notMatch(r.text(), /select|at .*\.ts|stack/i)
  })

  test('the edit form keeps the descriptive fields: status and assignee change only by command', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const { id } = await raise(client, noc, ministry.id)
    const put = (json: object) => client.put(`/api/incidents/${id}`).json(json).loginAs(noc).withCsrfToken()
    const status = await put({ status: 'in_progress' })
    status.assertStatus(422)
    status.assertBodyContains({ errors: [{ field: 'status' }] })
    const assignee = await put({ assignee_id: noc.id })
    assignee.assertStatus(422)
    assignee.assertBodyContains({ errors: [{ field: 'assignee_id' }] })
    const retitled = await put({ title: 'Line down at the Hualien office', priority: 'P2' })
    retitled.assertStatus(200)
    assert.include(retitled.body(), { title: 'Line down at the Hualien office', priority: 'P2', status: 'new' })
    const created = await client.post('/api/incidents').json({ ...validBody('incidents', ministry.id, 'noc'), status: 'closed' }).loginAs(noc).withCsrfToken()
    created.assertStatus(422)
  })

  test('notes and work logs join the timeline; what the system wrote reads in each reader\'s language', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const reader = await makeUser('noc')
    reader.locale = 'zh-TW'
    await reader.save()
    const opened = await db.transaction((trx) =>
      openIncident(trx, {
        title: message('incidents.device_title', { hostname: 'tpe-core-1' }),
        description: message('incidents.device_description', { hostname: 'tpe-core-1', since: '2026-12-06T01:00:00Z', polls: 3, error: 'timeout' }),
        type: 'service', priority: 'P2', agencyId: ministry.id, items: [], at: new Date('2026-12-06T01:03:00Z'),
      })
    )
    const en = (await client.get(`/api/incidents/${opened.id}`).loginAs(noc)).body()
    const zh = (await client.get(`/api/incidents/${opened.id}`).loginAs(reader)).body()
    assert.equal(en.title, 'tpe-core-1: device unreachable')
    assert.equal(zh.title, 'tpe-core-1：設備無回應')
    assert.include(zh.description, '2026-12-06 09:00')
    const listed = (await client.get('/api/incidents').qs({ filter: JSON.stringify({ q: opened.number }) }).loginAs(reader)).body()
    assert.equal(listed.find((i: any) => i.id === opened.id)?.title, 'tpe-core-1：設備無回應')

    const noted = await client.post(`/api/incidents/${opened.id}/notes`).json({ body: 'Called the site: power cut', minutes_spent: 25 }).loginAs(noc).withCsrfToken()
    noted.assertStatus(201)
    const zhTimeline = (await client.get(`/api/incidents/${opened.id}/timeline`).loginAs(reader)).body()
    assert.deepEqual(zhTimeline.map((e: any) => [e.kind, e.text, e.body, e.minutes_spent]), [
      ['opened', '開立事件單', null, null],
      ['assigned', '依分派規則派至 北區聯防中心（JDT-NORTH）', null, null],
      ['worklog', null, 'Called the site: power cut', 25],
    ])
    assert.equal(zhTimeline[0].actor.email, 'system')

    // The form sends back what it showed (the Chinese wording): no change, the message stays.
    const shown = (await client.get(`/api/incidents/${opened.id}`).loginAs(reader)).body()
    ;(await client.put(`/api/incidents/${opened.id}`).json({ title: shown.title, description: shown.description, priority: 'P1' }).loginAs(reader).withCsrfToken()).assertStatus(200)
    assert.equal((await client.get(`/api/incidents/${opened.id}`).loginAs(noc)).body().title, 'tpe-core-1: device unreachable')
    assert.equal((await db.from('incidents').where('id', opened.id).first()).title, 'tpe-core-1: device unreachable')
    // A person's edit replaces the system's wording with what they typed, in every language.
    ;(await client.put(`/api/incidents/${opened.id}`).json({ title: 'Core router down after power cut' }).loginAs(noc).withCsrfToken()).assertStatus(200)
    assert.equal((await client.get(`/api/incidents/${opened.id}`).loginAs(reader)).body().title, 'Core router down after power cut')
    assert.include((await client.get(`/api/incidents/${opened.id}`).loginAs(reader)).body().description, '設備 tpe-core-1')
  })

  test('the accounts an incident may go to: those who work its type within its agency, searched by name', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const { id } = await raise(client, noc, child.id)
    const fits = [await makeUser('noc'), await makeUser('agency_liaison', ministry.id), await makeUser('agency_liaison', child.id)]
    const misfits = [await makeUser('auditor'), await makeUser('cio'), await makeUser('analyst'), await makeUser('agency_liaison', other.id)]
    const ids = async (q: string) => {
      const r = await client.get(`/api/incidents/${id}/assignees`).qs({ q }).loginAs(noc)
      r.assertStatus(200)
      return r.body().map((a: { id: number }) => a.id)
    }
    for (const user of fits) assert.deepEqual(await ids(user.email), [user.id], user.role)
    for (const user of misfits) assert.deepEqual(await ids(user.email), [], user.role)
    ;(await client.get(`/api/incidents/${id}/assignees`).loginAs(await makeUser('agency_liaison', other.id))).assertStatus(404)
    ;(await client.get(`/api/incidents/${id}/assignees`).loginAs(await makeUser('cio'))).assertStatus(403)
    const tooLong = await client.get(`/api/incidents/${id}/assignees`).qs({ q: 'x'.repeat(101) }).loginAs(noc)
    tooLong.assertStatus(422)
    assert.equal(tooLong.body().errors[0].field, 'q')
    assert.deepEqual(await ids('%'), [], 'a LIKE wildcard is searched for as itself')
  })
})
