import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgency, makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { openIncident } from '#app/incidents/incident_service'
import { assessmentOf } from '#app/monitoring/link_health/alarm_rules'
import { command, makeGroup, raise, standardGroups } from '#tests/functional/service_desk/support'

test.group('priority matrix', () => {
  test('impact and urgency give the priority through the matrix an admin edits; one without the other is refused', async ({ client, assert, cleanup }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const admin = await makeUser('admin')
    const derived = await raise(client, noc, ministry.id, { impact: 'high', urgency: 'medium', priority: 'P4' })
    assert.include(derived, { impact: 'high', urgency: 'medium', priority: 'P2' })
    const typed = await raise(client, noc, ministry.id, { priority: 'P4' })
    assert.include(typed, { impact: null, urgency: null, priority: 'P4' })

    const half = await client.post('/api/incidents').json({ title: 'half judged', type: 'service', agency_id: ministry.id, impact: 'high' }).loginAs(noc).withCsrfToken()
    half.assertStatus(422)
    assert.equal(half.body().errors[0].field, 'urgency')
    const neither = await client.post('/api/incidents').json({ title: 'not judged', type: 'service', agency_id: ministry.id }).loginAs(noc).withCsrfToken()
    neither.assertStatus(422)
    assert.equal(neither.body().errors[0].field, 'priority')
    const mistyped = await client.post('/api/incidents').json({ title: 'mistyped', type: 'service', agency_id: ministry.id, impact: 'huge', urgency: 'high' }).loginAs(noc).withCsrfToken()
    mistyped.assertStatus(422)
    assert.equal(mistyped.body().errors[0].field, 'impact')

    const cell = await db.from('priority_matrix').where({ impact: 'high', urgency: 'medium' }).firstOrFail()
    cleanup(async () => {
      await db.from('priority_matrix').where('id', cell.id).update({ priority: cell.priority })
    })
    ;(await client.put(`/api/priority_matrix/${cell.id}`).json({ priority: 'P1' }).loginAs(admin).withCsrfToken()).assertStatus(200)
    const fixed = await client.put(`/api/priority_matrix/${cell.id}`).json({ urgency: 'low' }).loginAs(admin).withCsrfToken()
    fixed.assertStatus(422)
    assert.equal(fixed.body().errors[0].field, 'urgency')
    assert.equal((await raise(client, noc, ministry.id, { impact: 'high', urgency: 'medium' })).priority, 'P1')
    // An edit re-assesses: the priority follows the matrix as it is now.
    const edited = await client.put(`/api/incidents/${typed.id}`).json({ impact: 'high', urgency: 'medium' }).loginAs(noc).withCsrfToken()
    assert.include(edited.body(), { priority: 'P1', impact: 'high', urgency: 'medium' })
    const audit = await db.from('audit_log').where({ entity: 'priority_matrix', entity_id: String(cell.id) }).first()
    assert.exists(audit)
  })

  test("monitoring states impact and urgency: an uplink down is P1 by the matrix, and lands in its region's team", async ({ assert }) => {
    const groups = await standardGroups()
    const east = await makeAgency({ level: 2 })
    await db.from('agencies').where('id', east.id).update({ region: 'east' })
    const opened = await db.transaction((trx) =>
      openIncident(trx, { title: 'uplink down', description: null, type: 'service', agencyId: east.id, items: [], at: new Date(), ...assessmentOf('uplink', 'down') })
    )
    assert.equal(opened.priority, 'P1')
    assert.equal(opened.groupId, groups.get('JDT-EAST'))
    const timeline = await db.from('incident_timeline').where('incident_id', opened.id).orderBy('id')
    assert.deepEqual(timeline.map((e) => [e.kind, e.message?.key]), [['opened', 'incidents.timeline_opened'], ['assigned', 'incidents.timeline_routed']])
  })
})

test.group('routing and assignment groups', () => {
  test('security goes to G-ISAC, service to the region team, an agency rule sends its subtree to its IT team', async ({ client, assert }) => {
    const groups = await standardGroups()
    const { ministry, child, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const noc = await makeUser('noc')
    const analyst = await makeUser('analyst')
    assert.equal((await raise(client, noc, child.id)).group_id, groups.get('JDT-NORTH'))
    assert.equal((await raise(client, analyst, child.id)).group_id, groups.get('G-ISAC'))

    const team = await client.post('/api/assignment_groups').json({ code: `IT-${ministry.code}`, name: '部資訊處', kind: 'agency_it', agency_id: ministry.id }).loginAs(admin).withCsrfToken()
    team.assertStatus(201)
    const rule = await client.post('/api/routing_rules').json({ position: 10, type: 'service', agency_id: ministry.id, group_id: team.body().id }).loginAs(admin).withCsrfToken()
    rule.assertStatus(201)
    const routed = await raise(client, noc, child.id)
    assert.equal(routed.group_id, team.body().id)
    assert.equal(routed.group_name, '部資訊處')
    assert.equal((await raise(client, analyst, child.id)).group_id, groups.get('G-ISAC'), 'the rule is for service incidents only')
    assert.equal((await raise(client, noc, other.id)).group_id, groups.get('JDT-NORTH'), 'the rule covers the ministry and those below it only')

    // An agency's IT team takes only incidents of its own agency and those below it.
    const misrouted = await client.post('/api/routing_rules').json({ position: 10, type: null, agency_id: other.id, group_id: team.body().id }).loginAs(admin).withCsrfToken()
    misrouted.assertStatus(422)
    assert.equal(misrouted.body().errors[0].field, 'group_id')
    const wrongKind = await client.post('/api/assignment_groups').json({ code: 'REGION-X', name: '無區域', kind: 'regional' }).loginAs(admin).withCsrfToken()
    wrongKind.assertStatus(422)
    assert.equal(wrongKind.body().errors[0].field, 'region')
  })

  test('members: national groups take national accounts, an IT team its agency\'s; changes are audited', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const noc = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const outsider = await makeUser('agency_liaison', other.id)
    const body = { code: `IT-${ministry.code}`, name: '部資訊處', kind: 'agency_it', agency_id: ministry.id, member_ids: [liaison.id, noc.id] }
    const team = await client.post('/api/assignment_groups').json(body).loginAs(admin).withCsrfToken()
    team.assertStatus(201)
    assert.sameMembers(team.body().member_ids, [liaison.id, noc.id])
    const refused = await client.patch(`/api/assignment_groups/${team.body().id}`).json({ member_ids: [outsider.id] }).loginAs(admin).withCsrfToken()
    refused.assertStatus(422)
    assert.equal(refused.body().errors[0].field, 'member_ids')
    const national = await client.post('/api/assignment_groups').json({ code: `NOC-${ministry.code}`, name: '夜班', kind: 'noc', member_ids: [liaison.id] }).loginAs(admin).withCsrfToken()
    national.assertStatus(422)
    const audit = await db.from('audit_log').where({ entity: 'assignment_group_members', entity_id: String(team.body().id) })
    assert.deepEqual(audit.map((a) => a.after.member_ids), [[noc.id, liaison.id].sort((a, b) => a - b)])
  })

  test('assign with group_id: the assignee must be a member; a group of another agency is refused; the edit form cannot move it', async ({ client, assert }) => {
    await standardGroups()
    const { ministry, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const member = await makeUser('noc')
    const stranger = await makeUser('noc')
    const team = await makeGroup({ kind: 'noc', members: [member.id] })
    const otherTeam = await makeGroup({ kind: 'agency_it', agencyId: other.id })
    const { id } = await raise(client, noc, ministry.id)

    const notMember = await command(client, noc, id, 'assign', { assignee_id: stranger.id, group_id: team.id })
    notMember.assertStatus(422)
    assert.equal(notMember.body().errors[0].field, 'assignee_id')
    const elsewhere = await command(client, noc, id, 'assign', { assignee_id: null, group_id: otherTeam.id })
    elsewhere.assertStatus(422)
    assert.equal(elsewhere.body().errors[0].field, 'group_id')
    const missing = await command(client, noc, id, 'assign', { assignee_id: null, group_id: 2147483647 })
    assert.deepEqual([missing.status(), missing.body().errors[0].message.replace('2147483647', otherTeam.id)], [422, elsewhere.body().errors[0].message])
    ;(await command(client, noc, id, 'assign', { assignee_id: null, group_id: 'NOC' })).assertStatus(422)

    const handed = await command(client, noc, id, 'assign', { assignee_id: member.id, group_id: team.id })
    handed.assertStatus(200)
    assert.include(handed.body(), { group_id: team.id, assignee_id: member.id, status: 'assigned' })
    const texts = (await client.get(`/api/incidents/${id}/timeline`).loginAs(noc)).body().map((e: any) => e.text)
    assert.include(texts, `Handed to group ${team.name} (${team.code})`)

    const edit = await client.put(`/api/incidents/${id}`).json({ group_id: null }).loginAs(noc).withCsrfToken()
    edit.assertStatus(422)
    assert.equal(edit.body().errors[0].field, 'group_id')
  })

  test("a group's queue: open incidents nearest breach first (paused clocks last), within the reader's scope; another agency's liaison gets 404", async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const outsider = await makeUser('agency_liaison', other.id)
    const team = await makeGroup({ kind: 'agency_it', agencyId: ministry.id })
    const paused = await raise(client, noc, child.id, { group_id: team.id })
    const later = await raise(client, noc, ministry.id, { group_id: team.id })
    const sooner = await raise(client, noc, ministry.id, { group_id: team.id })
    const done = await raise(client, noc, ministry.id, { group_id: team.id })
    ;(await command(client, noc, done.id, 'resolve', { resolution: 'Fixed on the phone' })).assertStatus(200)
    // The stored instants the queue sorts by, set apart so the order cannot come from the ids.
    const inMinutes = (m: number) => new Date(Date.now() + m * 60_000)
    await db.from('incidents').where('id', paused.id).update({ sla_due_at: null, sla_paused: true, opened_at: inMinutes(-600) })
    await db.from('incidents').where('id', later.id).update({ sla_due_at: inMinutes(240) })
    await db.from('incidents').where('id', sooner.id).update({ sla_due_at: inMinutes(30) })

    const queue = await client.get(`/api/assignment_groups/${team.id}/queue`).loginAs(noc)
    queue.assertStatus(200)
    assert.deepEqual(queue.body().map((i: any) => i.id), [sooner.id, later.id, paused.id])
    assert.equal(queue.header('x-total-count'), '3')
    const own = await client.get(`/api/assignment_groups/${team.id}/queue`).loginAs(liaison)
    assert.deepEqual(own.body().map((i: any) => i.id), [sooner.id, later.id, paused.id])
    const oldest = await client.get(`/api/assignment_groups/${team.id}/queue`).qs({ sort: '["opened_at","ASC"]' }).loginAs(noc)
    assert.equal(oldest.body()[0].id, paused.id, 'another order when asked')
    assert.equal((await client.get('/api/incidents').qs({ filter: JSON.stringify({ group_id: team.id }) }).loginAs(noc)).body().length, 4)

    const theirs = await client.get(`/api/assignment_groups/${team.id}/queue`).loginAs(outsider)
    const none = await client.get('/api/assignment_groups/2147483647/queue').loginAs(outsider)
    assert.deepEqual([theirs.status(), none.status()], [404, 404])
    ;(await client.get(`/api/assignment_groups/${(await standardGroups()).get('NOC')}/queue`).loginAs(outsider)).assertStatus(404)
    ;(await client.get('/api/assignment_groups/abc/queue').loginAs(noc)).assertStatus(422)
  })
})

test.group('major incidents', () => {
  test('children link to a parent; resolving it with resolve_children resolves each open child through its own command', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const parent = await raise(client, noc, ministry.id)
    const kids = [await raise(client, noc, ministry.id), await raise(client, noc, ministry.id), await raise(client, noc, other.id)]
    for (const kid of kids) (await command(client, noc, kid.id, 'link_parent', { parent_id: parent.id })).assertStatus(200)
    ;(await command(client, noc, kids[1].id, 'resolve', { resolution: 'Rebooted the CPE' })).assertStatus(200)

    assert.equal((await client.get(`/api/incidents/${parent.id}`).loginAs(noc)).body().open_children, 2)
    assert.equal((await client.get(`/api/incidents/${parent.id}`).loginAs(liaison)).body().open_children, 1, 'counts only what the reader may see')

    const self = await command(client, noc, parent.id, 'link_parent', { parent_id: parent.id })
    const grandchild = await command(client, noc, (await raise(client, noc, ministry.id)).id, 'link_parent', { parent_id: kids[0].id })
    const hasChildren = await command(client, noc, parent.id, 'link_parent', { parent_id: (await raise(client, noc, ministry.id)).id })
    const hidden = await command(client, liaison, kids[0].id, 'link_parent', { parent_id: (await raise(client, noc, other.id)).id })
    for (const refused of [self, grandchild, hasChildren, hidden]) {
      assert.equal(refused.status(), 422, refused.text())
      assert.equal(refused.body().errors[0].field, 'parent_id')
    }
    ;(await command(client, liaison, kids[2].id, 'link_parent', { parent_id: null })).assertStatus(404)

    const resolved = await command(client, noc, parent.id, 'resolve', { resolution: 'Carrier fixed the backbone', resolve_children: true })
    resolved.assertStatus(200)
    assert.include(resolved.body(), { status: 'resolved', open_children: 0 })
    for (const kid of [kids[0], kids[2]]) {
      const shown = (await client.get(`/api/incidents/${kid.id}`).loginAs(noc)).body()
      assert.include(shown, { status: 'resolved', resolution: 'Carrier fixed the backbone', parent_id: parent.id })
      const kinds = (await client.get(`/api/incidents/${kid.id}/timeline`).loginAs(noc)).body().map((e: any) => e.kind)
      assert.includeMembers(kinds, ['parent', 'moved'])
      const audit = await db.from('audit_log').where({ entity: 'incidents', entity_id: String(kid.id), action: 'update' }).orderBy('id', 'desc').first()
      assert.equal(audit.after.status, 'resolved')
    }
    assert.equal((await client.get(`/api/incidents/${kids[1].id}`).loginAs(noc)).body().resolution, 'Rebooted the CPE', 'a child resolved before keeps its own resolution')
    const parentTimeline = (await client.get(`/api/incidents/${parent.id}/timeline`).loginAs(noc)).body()
    assert.equal(parentTimeline.filter((e: any) => e.kind === 'parent').length, 3)
  })

  test('a liaison resolving a parent leaves children outside their scope open, and the answer counts none of them', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const parent = await raise(client, noc, ministry.id)
    const theirs = await raise(client, noc, other.id)
    ;(await command(client, noc, theirs.id, 'link_parent', { parent_id: parent.id })).assertStatus(200)
    const resolved = await command(client, liaison, parent.id, 'resolve', { resolution: 'Power back on site', resolve_children: true })
    resolved.assertStatus(200)
    assert.equal(resolved.body().open_children, 0)
    assert.equal((await client.get(`/api/incidents/${parent.id}`).loginAs(noc)).body().open_children, 1)
    assert.equal((await db.from('incidents').where('id', theirs.id).first()).status, 'new')
    ;(await command(client, noc, parent.id, 'resolve', { resolution: 'x', resolve_children: 'yes' })).assertStatus(422)
  })

  test("a liaison is not told the numbers of other agencies' incidents linked to theirs, in timelines or answers; a national reader is", async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const liaisonA = await makeUser('agency_liaison', ministry.id)
    const liaisonB = await makeUser('agency_liaison', other.id)
    await liaisonB.merge({ locale: 'zh-TW' }).save()
    const parent = await raise(client, noc, ministry.id)
    const ours = await raise(client, noc, ministry.id)
    const theirs = await raise(client, noc, other.id)
    for (const kid of [ours, theirs]) (await command(client, noc, kid.id, 'link_parent', { parent_id: parent.id })).assertStatus(200)
    // Linked, taken out and linked again: both wordings of the parent's entries, and entries stored before this rule read alike.
    ;(await command(client, noc, theirs.id, 'link_parent', { parent_id: null })).assertStatus(200)
    ;(await command(client, noc, theirs.id, 'link_parent', { parent_id: parent.id })).assertStatus(200)
    ;(await command(client, noc, parent.id, 'resolve', { resolution: 'Carrier fixed the backbone', resolve_children: true })).assertStatus(200)

    const parentTimeline = await client.get(`/api/incidents/${parent.id}/timeline`).loginAs(liaisonA)
    parentTimeline.assertStatus(200)
    assert.notInclude(parentTimeline.text(), theirs.number)
    assert.include(parentTimeline.text(), ours.number)
    const childTexts = parentTimeline.body().filter((e: any) => e.kind === 'parent').map((e: any) => e.text)
    assert.sameMembers(childTexts, [
      `Incident ${ours.number} linked as a child`,
      'An incident of another agency was linked as a child',
      'An incident of another agency is no longer a child',
      'An incident of another agency was linked as a child',
    ])
    const note = await client.post(`/api/incidents/${parent.id}/notes`).json({ body: 'Carrier on site' }).loginAs(liaisonA).withCsrfToken()
    note.assertStatus(201)
    assert.notInclude(note.text(), theirs.number, 'the timeline a note answers is the same')
    assert.include((await client.get(`/api/incidents/${ours.id}/timeline`).loginAs(liaisonA)).text(), parent.number)

    for (const path of [`/api/incidents/${theirs.id}`, `/api/incidents/${theirs.id}/timeline`]) {
      const answer = await client.get(path).loginAs(liaisonB)
      answer.assertStatus(200)
      assert.notInclude(answer.text(), parent.number, path)
    }
    const child = (await client.get(`/api/incidents/${theirs.id}`).loginAs(liaisonB)).body()
    assert.include(child, { parent_id: parent.id, parent_number: null })
    assert.includeMembers(
      (await client.get(`/api/incidents/${theirs.id}/timeline`).loginAs(liaisonB)).body().map((e: any) => e.text),
      ['列為其他機關重大事件的子事件', '不再隸屬重大事件', '隨其他機關的重大事件一併解決']
    )
    const list = await client.get('/api/incidents').qs({ filter: JSON.stringify({ parent_id: parent.id }) }).loginAs(liaisonB)
    list.assertStatus(200)
    assert.notInclude(list.text(), parent.number)

    // 404s stay as they were: neither liaison reads the other agency's incidents.
    ;(await client.get(`/api/incidents/${parent.id}/timeline`).loginAs(liaisonB)).assertStatus(404)
    ;(await client.get(`/api/incidents/${theirs.id}/timeline`).loginAs(liaisonA)).assertStatus(404)
    ;(await client.get(`/api/incidents/${parent.id}`).loginAs(liaisonB)).assertStatus(404)

    const national = await client.get(`/api/incidents/${parent.id}/timeline`).loginAs(noc)
    assert.include(national.text(), theirs.number)
    assert.include(national.text(), ours.number)
    assert.include((await client.get(`/api/incidents/${theirs.id}`).loginAs(noc)).body(), { parent_number: parent.number })
  })
})
