import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import { PROBLEM_COMMANDS, PROBLEM_MOVES, PROBLEM_STATUSES, type ProblemStatus } from '#shared/problem_lifecycle'

const post = (client: ApiClient, user: User, url: string, json: object = {}) => client.post(url).json(json).loginAs(user).withCsrfToken()

async function raiseProblem(client: ApiClient, user: User, agencyId: number | null, extra: object = {}) {
  const made = await post(client, user, '/api/problems', { ...validBody('problems', agencyId ?? 0), agency_id: agencyId, ...extra })
  made.assertStatus(201)
  return made.body() as { id: number; number: string; status: string }
}

async function raiseIncident(client: ApiClient, user: User, agencyId: number) {
  const made = await post(client, user, '/api/incidents', validBody('incidents', agencyId, user.role))
  made.assertStatus(201)
  return made.body() as { id: number; number: string }
}

const BODIES: Record<string, object> = {
  identify: { root_cause: 'Carrier splice degrades in the cold', workaround: 'Switch to the backup line' },
  resolve: { resolution: 'Carrier re-spliced the fibre' },
  reopen: { reason: 'It came back' },
  cancel: { reason: 'Raised in error' },
}

/** The commands that bring a new problem to each status. */
const PATH: Record<ProblemStatus, string[]> = {
  new: [],
  investigating: ['investigate'],
  known_error: ['identify'],
  resolved: ['investigate', 'resolve'],
  closed: ['investigate', 'resolve', 'close'],
  cancelled: ['cancel'],
}

test.group('problems', () => {
  test('every command from every status: the allowed ones move it, the rest are 422 on status and change nothing', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    for (const status of PROBLEM_STATUSES) {
      for (const command of PROBLEM_COMMANDS) {
        const { id } = await raiseProblem(client, noc, ministry.id)
        for (const step of PATH[status]) (await post(client, noc, `/api/problems/${id}/${step}`, BODIES[step])).assertStatus(200)
        const before = await db.from('problems').where('id', id).first()
        const answer = await post(client, noc, `/api/problems/${id}/${command}`, BODIES[command])
        const target = PROBLEM_MOVES[command].from.includes(status) ? PROBLEM_MOVES[command].to : null
        if (target) {
          assert.equal(answer.status(), 200, `${command} from ${status}: ${answer.text()}`)
          const problem = command === 'resolve' ? answer.body().problem : answer.body()
          assert.equal(problem.status, target)
        } else {
          assert.equal(answer.status(), 422, `${command} from ${status}: ${answer.text()}`)
          assert.equal(answer.body().errors[0].field, 'status')
          assert.deepEqual(await db.from('problems').where('id', id).first(), before)
        }
      }
    }
  })

  test('a problem worked to closed: clocks, known-error record, timeline and audit', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const { id, number } = await raiseProblem(client, noc, ministry.id)
    assert.match(number, /^PRB-\d{4}-\d{6}$/)
    ;(await post(client, noc, `/api/problems/${id}/investigate`, { note: 'Collecting carrier logs' })).assertStatus(200)
    const known = await post(client, noc, `/api/problems/${id}/identify`, BODIES.identify)
    assert.include(known.body(), { status: 'known_error', root_cause: 'Carrier splice degrades in the cold', workaround: 'Switch to the backup line' })
    assert.exists(known.body().known_error_at)
    const resolved = await post(client, noc, `/api/problems/${id}/resolve`, BODIES.resolve)
    assert.deepEqual(resolved.body().incidents, { open: 0, resolved: 0 })
    ;(await post(client, noc, `/api/problems/${id}/reopen`, BODIES.reopen)).assertStatus(200)
    assert.isNull((await db.from('problems').where('id', id).first()).resolved_at)
    ;(await post(client, noc, `/api/problems/${id}/resolve`, BODIES.resolve)).assertStatus(200)
    const closed = await post(client, noc, `/api/problems/${id}/close`)
    assert.include(closed.body(), { status: 'closed', known_error_at: known.body().known_error_at })
    assert.exists(closed.body().closed_at)

    const timeline = (await client.get(`/api/problems/${id}/timeline`).loginAs(noc)).body() as Array<Record<string, any>>
    assert.deepEqual(
      timeline.map((e) => [e.kind, e.from_status, e.to_status]),
      [
        ['opened', null, 'new'],
        ['moved', 'new', 'investigating'],
        ['known_error', 'investigating', 'known_error'],
        ['moved', 'known_error', 'resolved'],
        ['moved', 'resolved', 'investigating'],
        ['moved', 'investigating', 'resolved'],
        ['moved', 'resolved', 'closed'],
      ]
    )
    assert.equal(timeline[1].body, 'Collecting carrier logs')
    assert.equal(timeline[2].text, 'Root cause and workaround recorded: a known error')
    const audit = await db.from('audit_log').where({ entity: 'problems', entity_id: String(id) }).orderBy('id')
    assert.deepEqual(audit.map((a) => a.action), ['create', ...Array(6).fill('update')])

    const zh = await makeUser('noc')
    zh.locale = 'zh-TW'
    await zh.save()
    const worded = (await client.get(`/api/problems/${id}/timeline`).loginAs(zh)).body()
    assert.equal(worded[1].text, '狀態：新開立 → 調查中')
  })

  test('the edit form keeps the descriptive fields: status, root cause, workaround and resolution are refused', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const { id } = await raiseProblem(client, noc, ministry.id)
    for (const [field, value] of [['status', 'resolved'], ['root_cause', 'typed in'], ['workaround', 'typed in'], ['resolution', 'typed in']]) {
      const refused = await client.put(`/api/problems/${id}`).json({ [field]: value }).loginAs(noc).withCsrfToken()
      assert.equal(refused.status(), 422, refused.text())
      assert.equal(refused.body().errors[0].field, field)
      const atCreate = await post(client, noc, '/api/problems', { ...validBody('problems', ministry.id), [field]: value })
      assert.equal(atCreate.status(), 422, atCreate.text())
    }
    const edited = await client.put(`/api/problems/${id}`).json({ title: 'Dawn outages on the east coast', priority: 'P1' }).loginAs(noc).withCsrfToken()
    assert.include(edited.body(), { title: 'Dawn outages on the east coast', priority: 'P1', status: 'new' })
  })

  test('linking and unlinking incidents: each side gets its timeline entry, the incident its audit row', async ({ client, assert }) => {
    const { ministry, child } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const problem = await raiseProblem(client, noc, ministry.id)
    const other = await raiseProblem(client, noc, ministry.id)
    const incident = await raiseIncident(client, noc, child.id)

    const linked = await post(client, noc, `/api/problems/${problem.id}/incidents`, { incident_id: incident.id })
    assert.include(linked.body(), { incident_count: 1, open_incident_count: 1 })
    const shown = (await client.get(`/api/incidents/${incident.id}`).loginAs(noc)).body()
    assert.equal(shown.problem_id, problem.id)
    const listed = (await client.get('/api/incidents').qs({ filter: JSON.stringify({ problem_id: problem.id }) }).loginAs(noc)).body()
    assert.deepEqual(listed.map((i: any) => i.id), [incident.id])
    // Linking again changes nothing; moving it to another problem notes it on both.
    ;(await post(client, noc, `/api/problems/${problem.id}/incidents`, { incident_id: incident.id })).assertStatus(200)
    ;(await post(client, noc, `/api/problems/${other.id}/incidents`, { incident_id: incident.id })).assertStatus(200)
    const unlinked = await client.delete(`/api/problems/${other.id}/incidents/${incident.id}`).loginAs(noc).withCsrfToken()
    assert.include(unlinked.body(), { incident_count: 0 })
    const notLinked = await client.delete(`/api/problems/${other.id}/incidents/${incident.id}`).loginAs(noc).withCsrfToken()
    assert.equal(notLinked.status(), 422)

    const incidentTimeline = (await client.get(`/api/incidents/${incident.id}/timeline`).loginAs(noc)).body()
    assert.deepEqual(
      incidentTimeline.filter((e: any) => e.kind === 'problem').map((e: any) => e.text),
      [`Linked to problem ${problem.number}`, `Linked to problem ${other.number}`, 'No longer linked to a problem']
    )
    const kinds = async (id: number) => (await db.from('problem_timeline').where('problem_id', id).orderBy('id')).map((e) => e.kind)
    assert.deepEqual(await kinds(problem.id), ['opened', 'linked', 'unlinked'])
    assert.deepEqual(await kinds(other.id), ['opened', 'linked', 'unlinked'])
    const audit = await db.from('audit_log').where({ entity: 'incidents', entity_id: String(incident.id) }).orderBy('id')
    assert.deepEqual(audit.slice(1).map((a) => a.after.problem_id), [problem.id, other.id, null])

    // A resolved problem groups nothing more until it is reopened.
    ;(await post(client, noc, `/api/problems/${problem.id}/investigate`)).assertStatus(200)
    ;(await post(client, noc, `/api/problems/${problem.id}/resolve`, BODIES.resolve)).assertStatus(200)
    const late = await post(client, noc, `/api/problems/${problem.id}/incidents`, { incident_id: incident.id })
    assert.equal(late.status(), 422)
    assert.equal(late.body().errors[0].field, 'status')
  })

  test("another agency's incident is answered as one that does not exist; another agency's problem as 404", async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const national = await makeUser('noc')
    const boundNoc = await makeUser('noc', ministry.id)
    const own = await raiseProblem(client, boundNoc, ministry.id)
    const theirs = await raiseIncident(client, national, other.id)

    const refused = await post(client, boundNoc, `/api/problems/${own.id}/incidents`, { incident_id: theirs.id })
    const missing = await post(client, boundNoc, `/api/problems/${own.id}/incidents`, { incident_id: 2147483000 })
    assert.equal(refused.status(), 422)
    assert.deepEqual(
      JSON.parse(refused.text().replaceAll(String(theirs.id), '{id}')),
      JSON.parse(missing.text().replaceAll('2147483000', '{id}'))
    )
    assert.notInclude(refused.text(), theirs.number)
    const unlink = await client.delete(`/api/problems/${own.id}/incidents/${theirs.id}`).loginAs(boundNoc).withCsrfToken()
    assert.equal(unlink.status(), 422)
    assert.notInclude(unlink.text(), theirs.number)

    // A national account sees both, but an agency's problem groups only that agency's incidents.
    const outside = await post(client, national, `/api/problems/${own.id}/incidents`, { incident_id: theirs.id })
    assert.equal(outside.status(), 422)
    assert.equal(outside.body().errors[0].field, 'incident_id')
    const nationalProblem = await raiseProblem(client, national, null)
    ;(await post(client, national, `/api/problems/${nationalProblem.id}/incidents`, { incident_id: theirs.id })).assertStatus(200)
    assert.equal((await db.from('incidents').where('id', theirs.id).first()).problem_id, nationalProblem.id)

    // The bound account cannot see the national problem nor the other agency's.
    const theirProblem = await raiseProblem(client, national, other.id)
    for (const id of [nationalProblem.id, theirProblem.id]) {
      ;(await client.get(`/api/problems/${id}`).loginAs(boundNoc)).assertStatus(404)
      ;(await client.get(`/api/problems/${id}/timeline`).loginAs(boundNoc)).assertStatus(404)
      ;(await post(client, boundNoc, `/api/problems/${id}/investigate`)).assertStatus(404)
      ;(await post(client, boundNoc, `/api/problems/${id}/incidents`, { incident_id: theirs.id })).assertStatus(404)
    }
    const madeNational = await post(client, boundNoc, '/api/problems', { ...validBody('problems', ministry.id), agency_id: null })
    assert.equal(madeNational.status(), 403)
  })

  test("liaisons read their agencies' problems and known errors, not national ones, and work none", async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const below = await raiseProblem(client, noc, child.id)
    const national = await raiseProblem(client, noc, null)
    const elsewhere = await raiseProblem(client, noc, other.id)
    for (const p of [below, national, elsewhere]) (await post(client, noc, `/api/problems/${p.id}/identify`, BODIES.identify)).assertStatus(200)

    ;(await client.get(`/api/problems/${below.id}`).loginAs(liaison)).assertStatus(200)
    ;(await client.get(`/api/known_errors/${below.id}`).loginAs(liaison)).assertStatus(200)
    for (const p of [national, elsewhere]) {
      ;(await client.get(`/api/problems/${p.id}`).loginAs(liaison)).assertStatus(404)
      ;(await client.get(`/api/known_errors/${p.id}`).loginAs(liaison)).assertStatus(404)
    }
    const list = (await client.get('/api/problems').qs({ range: '[0,999]' }).loginAs(liaison)).body().map((p: any) => p.id)
    assert.include(list, below.id)
    assert.notIncludeMembers(list, [national.id, elsewhere.id])
    for (const name of PROBLEM_COMMANDS) (await post(client, liaison, `/api/problems/${below.id}/${name}`, BODIES[name] ?? {})).assertStatus(403)
    const incident = await raiseIncident(client, noc, child.id)
    ;(await post(client, liaison, `/api/problems/${below.id}/incidents`, { incident_id: incident.id })).assertStatus(403)
  })

  test('resolving with resolve_incidents resolves each open incident through the incident service', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const problem = await raiseProblem(client, noc, ministry.id)
    const [fresh, held, done, security] = [
      await raiseIncident(client, noc, ministry.id),
      await raiseIncident(client, noc, ministry.id),
      await raiseIncident(client, noc, ministry.id),
      await raiseIncident(client, await makeUser('analyst'), ministry.id),
    ]
    ;(await post(client, noc, `/api/incidents/${held.id}/start`)).assertStatus(200)
    ;(await post(client, noc, `/api/incidents/${held.id}/hold`, { reason: 'supplier' })).assertStatus(200)
    ;(await post(client, noc, `/api/incidents/${done.id}/resolve`, { resolution: 'Fixed on its own' })).assertStatus(200)
    for (const i of [fresh, held, done]) (await post(client, noc, `/api/problems/${problem.id}/incidents`, { incident_id: i.id })).assertStatus(200)
    // G-ISAC files its security incident under the same problem; NOC may not resolve it.
    ;(await post(client, await makeUser('analyst'), `/api/problems/${problem.id}/incidents`, { incident_id: security.id })).assertStatus(200)
    ;(await post(client, noc, `/api/problems/${problem.id}/investigate`)).assertStatus(200)

    const offered = (await client.get(`/api/problems/${problem.id}`).loginAs(noc)).body()
    assert.include(offered, { incident_count: 4, open_incident_count: 3 })
    const resolved = await post(client, noc, `/api/problems/${problem.id}/resolve`, { resolution: 'Carrier re-spliced the fibre', resolve_incidents: true })
    resolved.assertStatus(200)
    assert.deepEqual(resolved.body().incidents, { open: 3, resolved: 2 })
    assert.include(resolved.body().problem, { status: 'resolved', open_incident_count: 1 })

    const rows = await db.from('incidents').whereIn('id', [fresh.id, held.id, done.id, security.id]).orderBy('id')
    assert.deepEqual(rows.map((r) => [r.status, r.resolution]), [
      ['resolved', 'Carrier re-spliced the fibre'],
      ['resolved', 'Carrier re-spliced the fibre'],
      ['resolved', 'Fixed on its own'],
      ['new', null],
    ])
    for (const i of [fresh, held]) {
      const moves = await db.from('incident_timeline').where({ incident_id: i.id, kind: 'moved', to_status: 'resolved' })
      assert.lengthOf(moves, 1)
      assert.equal(moves[0].body, 'Carrier re-spliced the fibre')
      const audit = await db.from('audit_log').where({ entity: 'incidents', entity_id: String(i.id) }).orderBy('id', 'desc').first()
      assert.equal(audit.after.status, 'resolved')
    }
    const entry = await db.from('problem_timeline').where({ problem_id: problem.id, kind: 'incidents_resolved' }).firstOrFail()
    assert.deepEqual(entry.message, { key: 'problems.timeline_incidents_resolved', params: [{ open: 3, resolved: 2 }] })

    // Without resolve_incidents the answer still says how many were open, and none is touched.
    const second = await raiseProblem(client, noc, ministry.id)
    const open = await raiseIncident(client, noc, ministry.id)
    ;(await post(client, noc, `/api/problems/${second.id}/incidents`, { incident_id: open.id })).assertStatus(200)
    ;(await post(client, noc, `/api/problems/${second.id}/investigate`)).assertStatus(200)
    const only = await post(client, noc, `/api/problems/${second.id}/resolve`, { resolution: 'Fixed upstream' })
    assert.deepEqual(only.body().incidents, { open: 1, resolved: 0 })
    assert.equal((await db.from('incidents').where('id', open.id).first()).status, 'new')
  })

  test('known errors: searched over title, symptoms, root cause and workaround; problems without a record are not listed', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const word = makeCode('光纖熔接')
    const symptoms = makeCode('dawnloss')
    const known = await raiseProblem(client, noc, ministry.id, { description: `Packet ${symptoms} on rural lines` })
    ;(await post(client, noc, `/api/problems/${known.id}/identify`, { root_cause: `Cold weather opens the ${word}`, workaround: 'Route over 4G backup' })).assertStatus(200)
    const unknown = await raiseProblem(client, noc, ministry.id, { description: `Packet ${symptoms} on city lines` })

    const search = async (q: string) =>
      ((await client.get('/api/known_errors').qs({ filter: JSON.stringify({ q }) }).loginAs(noc)).body() as any[]).map((k) => k.id)
    assert.deepEqual(await search(word), [known.id])
    assert.deepEqual(await search(symptoms), [known.id])
    assert.deepEqual(await search(`${symptoms} 4G backup`), [known.id])
    assert.deepEqual(await search(known.number), [known.id])
    assert.deepEqual(await search(`${symptoms} nothing-like-this`), [])
    const shown = (await client.get(`/api/known_errors/${known.id}`).loginAs(noc)).body()
    assert.include(shown, { symptoms: `Packet ${symptoms} on rural lines`, workaround: 'Route over 4G backup', status: 'known_error' })
    ;(await client.get(`/api/known_errors/${unknown.id}`).loginAs(noc)).assertStatus(404)
  })

  test('mistyped values are 422 naming the field, never 500', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const { id } = await raiseProblem(client, noc, ministry.id)
    const cases: Array<[string, object, string]> = [
      [`/api/problems/${id}/incidents`, { incident_id: 'abc' }, 'incident_id'],
      [`/api/problems/${id}/incidents`, { incident_id: 99999999999 }, 'incident_id'],
      [`/api/problems/${id}/identify`, { root_cause: 'x' }, 'root_cause'],
      [`/api/problems/${id}/resolve`, { resolution: 'Fixed it', resolve_incidents: 'yes' }, 'resolve_incidents'],
      ['/api/problems', { ...validBody('problems', ministry.id), priority: 'P9' }, 'priority'],
    ]
    for (const [url, body, field] of cases) {
      const answer = await post(client, noc, url, body)
      assert.equal(answer.status(), 422, `${url} ${answer.text()}`)
      assert.include(answer.body().errors.map((e: any) => e.field), field)
      assert.notMatch(answer.text(), /stack|SELECT|at \//)
    }
    ;(await client.delete(`/api/problems/${id}/incidents/abc`).loginAs(noc).withCsrfToken()).assertStatus(422)
    ;(await client.get('/api/problems/abc').loginAs(noc)).assertStatus(422)
  })
})
