import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { api, changeBody, makeBoard, makeLink, window } from '#tests/functional/changes/support'

const kinds = (conflicts: any[]) => conflicts.map((c) => c.kind)

test.group('changes: conflicts, freezes, impact, calendar, scope', () => {
  test('two changes on the same link in overlapping windows warn each other; back to back they do not', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const as = api(client, await makeUser('noc'))
    const items = [{ item_type: 'link', item_id: link.id }]
    const first = await as.raise(changeBody(ministry.id, items, window(10, 12)))
    const second = await as.raise(changeBody(ministry.id, items, window(11, 13)))
    const third = await as.raise(changeBody(ministry.id, items, window(12, 14)))
    const shown = (await as.get(`/api/changes/${second.id}`)).body()
    assert.sameMembers(shown.conflicts.map((c: any) => c.number), [first.number, third.number])
    assert.deepEqual(shown.conflicts[0].items, [`link:${link.id}`])
    const firstShown = (await as.get(`/api/changes/${first.id}`)).body()
    assert.deepEqual(firstShown.conflicts.map((c: any) => c.number), [second.number], 'the third starts as the first ends')
  })

  test('an uplink and a line behind it collide; two lines behind one uplink do not', async ({ client, assert }) => {
    const { ministry, child } = await makeAgencyTree()
    const uplink = await makeLink(ministry.id, { kind: 'uplink' })
    const a = await makeLink(child.id, { consolidated_into_id: uplink.id })
    const b = await makeLink(child.id, { consolidated_into_id: uplink.id })
    const as = api(client, await makeUser('noc'))
    const up = await as.raise(changeBody(ministry.id, [{ item_type: 'link', item_id: uplink.id }], window(20, 22)))
    const onA = await as.raise(changeBody(child.id, [{ item_type: 'link', item_id: a.id }], window(21, 23)))
    const onB = await as.raise(changeBody(child.id, [{ item_type: 'link', item_id: b.id }], window(21, 23)))
    const shownA = (await as.get(`/api/changes/${onA.id}`)).body()
    assert.deepEqual(shownA.conflicts.map((c: any) => [c.number, c.items]), [[up.number, [`link:${a.id}`]]])
    const shownUp = (await as.get(`/api/changes/${up.id}`)).body()
    assert.sameMembers(shownUp.conflicts.map((c: any) => c.number), [onA.number, onB.number])
  })

  test('a change in a freeze period is warned, on its answer and on its timeline at submit', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const span = window(30, 32)
    const freeze = await api(client, admin).post('/api/freeze_periods', {
      name: makeCode('Election freeze'), starts_at: window(29, 0).planned_start, ends_at: window(0, 33).planned_end, reason: 'Election week', agency_id: ministry.id,
    })
    freeze.assertStatus(201)
    const as = api(client, await makeUser('noc'))
    await makeBoard(child.id)
    const below = await as.raise(changeBody(child.id, [], span))
    const beside = await as.raise(changeBody(other.id, [], span))
    assert.deepEqual(kinds((await as.get(`/api/changes/${below.id}`)).body().conflicts), ['freeze'], 'a freeze covers the agencies below')
    assert.deepEqual((await as.get(`/api/changes/${beside.id}`)).body().conflicts, [])
    await as.command(below.id, 'submit')
    const timeline = (await as.get(`/api/changes/${below.id}/timeline`)).body()
    assert.include(timeline.find((e: any) => e.kind === 'warning').text, freeze.body().name)
  })

  test('impact from the inventory: an uplink shows the lines behind it, their agencies and their systems', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const uplink = await makeLink(ministry.id, { kind: 'uplink' })
    const lines = [await makeLink(child.id, { consolidated_into_id: uplink.id }), await makeLink(other.id, { consolidated_into_id: uplink.id })]
    const [system] = await db
      .table('information_systems')
      .insert({ code: makeCode('SYS'), name: makeCode('系統'), agency_id: child.id, category: 'payroll', status: 'active' })
      .returning('*')
    const noc = await makeUser('noc')
    const change = await api(client, noc).raise(changeBody(ministry.id, [{ item_type: 'link', item_id: uplink.id }]))
    const impact = (await api(client, noc).get(`/api/changes/${change.id}/impact`)).body()
    assert.deepEqual(impact.links.map((l: any) => l.id), [uplink.id])
    assert.sameMembers(impact.lines_behind.map((l: any) => l.id), lines.map((l) => l.id))
    assert.sameMembers(impact.agencies.map((a: any) => a.id), [ministry.id, child.id, other.id])
    assert.deepEqual(impact.information_systems.map((s: any) => s.id), [system.id])
    assert.equal(impact.counts.lines_behind, 2)

    // A liaison of the ministry sees what its scope holds, not the other agency's line.
    const liaison = await makeUser('agency_liaison', ministry.id)
    const answer = await api(client, liaison).get(`/api/changes/${change.id}/impact`)
    assert.equal(answer.status(), 200, answer.text())
    const scoped = answer.body()
    assert.deepEqual(scoped.lines_behind.map((l: any) => l.id), [lines[0].id])
    assert.notInclude(scoped.agencies.map((a: any) => a.id), other.id)
  })

  test("a liaison raises for their agency and gets 404 for another agency's change on every route", async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const mine = await api(client, liaison).raise(changeBody(ministry.id, []))
    assert.equal(mine.requested_by_id, liaison.id)
    const elsewhere = await api(client, liaison).post('/api/changes', changeBody(other.id, []))
    elsewhere.assertStatus(403)
    const theirs = await api(client, await makeUser('noc')).raise(changeBody(other.id, []))
    const as = api(client, liaison)
    for (const path of ['', '/timeline', '/impact']) (await as.get(`/api/changes/${theirs.id}${path}`)).assertStatus(404)
    ;(await as.command(theirs.id, 'submit')).assertStatus(404)
    ;(await as.command(theirs.id, 'cancel', { reason: 'not mine' })).assertStatus(404)
    ;(await as.post(`/api/changes/${theirs.id}/approve`, {})).assertStatus(404)
    const list = (await as.get('/api/changes?filter={}&range=[0,999]')).body()
    assert.notInclude(list.map((c: any) => c.id), theirs.id)
    const calendar = (await as.get(`/api/changes/calendar?from=${encodeURIComponent(window(-1, 0).planned_start)}&to=${encodeURIComponent(window(0, 5).planned_end)}`)).body()
    assert.include(calendar.changes.map((c: any) => c.id), mine.id)
    assert.notInclude(calendar.changes.map((c: any) => c.id), theirs.id)
    // CIOs and auditors read; they raise nothing.
    for (const role of ['cio', 'auditor'] as const) {
      const reader = api(client, await makeUser(role))
      ;(await reader.get(`/api/changes/${theirs.id}`)).assertStatus(200)
      ;(await reader.post('/api/changes', changeBody(other.id, []))).assertStatus(403)
      ;(await reader.command(theirs.id, 'submit')).assertStatus(403)
    }
  })

  test('the calendar answers changes and freezes in the range with their conflicts', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const admin = await makeUser('admin')
    const span = window(24 * 40, 24 * 40 + 2)
    const freeze = await api(client, admin).post('/api/freeze_periods', { name: makeCode('Freeze'), starts_at: span.planned_start, ends_at: span.planned_end, reason: 'Budget', agency_id: null })
    freeze.assertStatus(201)
    const as = api(client, await makeUser('noc'))
    const a = await as.raise(changeBody(ministry.id, [{ item_type: 'link', item_id: link.id }], span))
    const b = await as.raise(changeBody(ministry.id, [{ item_type: 'link', item_id: link.id }], span))
    const range = `from=${encodeURIComponent(window(24 * 39, 0).planned_start)}&to=${encodeURIComponent(window(0, 24 * 41).planned_end)}`
    const calendar = (await as.get(`/api/changes/calendar?${range}`)).body()
    const shownA = calendar.changes.find((c: any) => c.id === a.id)
    assert.sameMembers(kinds(shownA.conflicts), ['overlap', 'freeze'])
    assert.equal(shownA.conflicts.find((c: any) => c.kind === 'overlap').change_id, b.id)
    assert.include(calendar.freezes.map((f: any) => f.id), freeze.body().id)
    const liaisonView = (await api(client, await makeUser('agency_liaison', ministry.id)).get(`/api/changes/calendar?${range}`)).body()
    assert.include(liaisonView.freezes.map((f: any) => f.id), freeze.body().id, 'programme-wide freezes concern everyone')
  })

  test('bad bodies and parameters are 422 with the field named, never 500', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const as = api(client, await makeUser('noc'))
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...changeBody(ministry.id, []), type: 'sideways' }, 'type'],
      [{ ...changeBody(ministry.id, []), planned_start: 'tomorrow' }, 'planned_start'],
      [{ ...changeBody(ministry.id, []), ...window(3, 1) }, 'planned_end'],
      [{ ...changeBody(ministry.id, []), items: [{ item_type: 'link', item_id: 2147483000 }] }, 'items.0.item_id'],
      [{ ...changeBody(ministry.id, []), risk: undefined }, 'risk'],
      [{ ...changeBody(ministry.id, []), agency_id: 'x' }, 'agency_id'],
    ]
    for (const [body, field] of cases) {
      const response = await as.post('/api/changes', body)
      assert.equal(response.status(), 422, `${field}: ${response.text()}`)
      assert.include(response.body().errors.map((e: any) => e.field), field)
    }
    const change = await as.raise(changeBody(ministry.id, []))
    await as.command(change.id, 'submit').then(() => null)
    const badAssess = await as.command(change.id, 'assess', { risk: 'extreme', impact: 'low', assessment: 'x' })
    assert.equal(badAssess.status(), 422)
    ;(await as.command(change.id, 'cancel', {})).assertStatus(422)
    ;(await as.get('/api/changes/calendar?from=yesterday&to=now')).assertStatus(422)
    ;(await as.get(`/api/changes/calendar?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z`)).assertStatus(422)
    ;(await as.get('/api/changes/99999999999')).assertStatus(404)
    ;(await as.command(0, 'submit')).assertStatus(422)
  })
})
