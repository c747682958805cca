import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { CHANGE_COMMANDS, CHANGE_STATUSES, CHANGE_TYPES, changeCommandsFor, votingOpen } from '#shared/change_lifecycle'
import { api, approvedChange, changeBody, makeBoard, makeLink, window, windowItems, windowOf } from '#tests/functional/changes/support'

test.group('changes: lifecycle, board, window', () => {
  test('a normal change goes through the board by quorum, every move on the timeline and in the audit log', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const { change, members, as } = await approvedChange(client, ministry.id, [{ item_type: 'link', item_id: link.id }])
    assert.equal(change.status, 'approved')
    assert.lengthOf(change.votes, 2)
    assert.deepEqual(change.commands, ['schedule', 'cancel'])
    assert.equal(change.board.quorum, 2)
    for (const [command, body, status] of [
      ['schedule', {}, 'scheduled'],
      ['start', {}, 'implementing'],
      ['complete', { note: 'done' }, 'implemented'],
      ['review', { review: 'Went to plan' }, 'reviewed'],
      ['close', {}, 'closed'],
    ] as const) {
      const moved = await as.command(change.id, command, body)
      moved.assertStatus(200)
      assert.equal(moved.body().status, status, command)
    }
    const timeline = (await as.get(`/api/changes/${change.id}/timeline`)).body()
    const moves = timeline.filter((e: any) => e.kind === 'moved').map((e: any) => e.to_status)
    assert.deepEqual(moves, ['submitted', 'assessed', 'approved', 'scheduled', 'implementing', 'implemented', 'reviewed', 'closed'])
    assert.lengthOf(timeline.filter((e: any) => e.kind === 'vote'), 2)
    assert.include(timeline.find((e: any) => e.kind === 'decided').text, 'approved')
    const audited = await db.from('audit_log').where({ entity: 'changes', entity_id: String(change.id) }).count('* as n').first()
    assert.isAtLeast(Number(audited.n), 9)
    const votes = await db.from('audit_log').where('entity', 'change_votes').where('actor_id', members[0].id)
    assert.lengthOf(votes, 1)
  })

  test('every refused move is a 422 naming what the change offers', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const as = api(client, noc)
    const change = await as.raise(changeBody(ministry.id, []))
    for (const command of ['assess', 'schedule', 'start', 'complete', 'fail', 'back_out', 'review', 'close']) {
      const body = { assess: { risk: 'low', impact: 'low', assessment: 'fine' }, fail: { reason: 'broke' }, review: { review: 'fine' } }[command as 'assess'] ?? {}
      const refused = await as.command(change.id, command, body)
      refused.assertStatus(422)
      assert.equal(refused.body().errors[0].field, 'status', command)
      assert.include(refused.body().errors[0].message, 'submit, cancel')
    }
    const cancelled = await as.command(change.id, 'cancel', { reason: 'Not needed' })
    assert.equal(cancelled.body().status, 'cancelled')
    ;(await as.command(change.id, 'submit')).assertStatus(422)
  })

  test('every type × status: each command the lifecycle does not offer, and each vote out of session, is a 422 on status and writes nothing', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const admin = await makeUser('admin')
    const as = api(client, noc)
    const { board, members } = await makeBoard(ministry.id, { size: 1, quorum: 1 })
    const template = await api(client, admin).post('/api/change_templates', { name: 'Swap a line card', description: 'Spare card', risk: 'low', back_out_plan: 'Old card back', active: true })
    template.assertStatus(201)
    const changes = {
      normal: await as.raise(changeBody(ministry.id, [])),
      emergency: await as.raise(changeBody(ministry.id, [], window(1, 2), { type: 'emergency' })),
      standard: await as.raise({ title: 'Swap card', type: 'standard', impact: 'low', agency_id: ministry.id, template_id: template.body().id, ...window(1, 2) }),
    }
    // Bodies that pass validation, so that only the status can refuse the move.
    const BODIES: Record<string, Record<string, unknown>> = {
      assess: { risk: 'low', impact: 'low', assessment: 'One line, off-peak' },
      fail: { reason: 'Router did not boot' },
      review: { review: 'Went to plan' },
      cancel: { reason: 'Carrier postponed' },
    }
    const written = async (id: number) => ({
      timeline: Number((await db.from('change_timeline').where('change_id', id).count('* as n'))[0].n),
      audit: Number((await db.from('audit_log').where({ entity: 'changes', entity_id: String(id) }).count('* as n'))[0].n),
      votes: Number((await db.from('change_votes').where('change_id', id).count('* as n'))[0].n),
      windows: Number((await db.from('maintenance_windows').where('change_ref', changes.normal.number).orWhere('change_ref', changes.emergency.number).orWhere('change_ref', changes.standard.number).count('* as n'))[0].n),
    })
    let refusals = 0
    for (const type of CHANGE_TYPES) {
      const { id } = changes[type]
      // The board sits on every type here, so that only the status decides whether a vote is taken.
      await db.from('changes').where('id', id).update({ board_id: board.id })
      const before = await written(id)
      for (const status of CHANGE_STATUSES) {
        await db.from('changes').where('id', id).update({ status })
        const offered = changeCommandsFor(type, status)
        for (const command of CHANGE_COMMANDS.filter((c) => !offered.includes(c))) {
          const refused = await as.command(id, command, BODIES[command] ?? {})
          assert.equal(refused.status(), 422, `${type} ${status} ${command}: ${refused.text()}`)
          assert.equal(refused.body().errors[0].field, 'status', `${type} ${status} ${command}`)
          assert.include(refused.body().errors[0].message, offered.length ? offered.join(', ') : command, `${type} ${status} ${command}`)
          refusals++
        }
        if (!votingOpen(type, status)) {
          for (const [decision, body] of [['approve', {}], ['reject', { comment: 'Wrong week' }]] as const) {
            const refused = await api(client, members[0]).post(`/api/changes/${id}/${decision}`, body)
            assert.equal(refused.status(), 422, `${type} ${status} ${decision}: ${refused.text()}`)
            assert.equal(refused.body().errors[0].field, 'status', `${type} ${status} ${decision}`)
            refusals++
          }
        }
        assert.equal((await db.from('changes').where('id', id).first()).status, status, `${type} ${status} moved`)
      }
      assert.deepEqual(await written(id), before, `${type}: a refused move wrote nothing`)
    }
    // 3 types × 13 statuses × 10 commands less the 47 moves offered (16 normal, 16 emergency,
    // 15 standard), and two votes in each of the 36 cells where the board does not sit.
    assert.equal(refusals, 3 * 13 * 10 - 47 + 2 * (3 * 13 - 3))
  })

  test('a non-member is refused 403 and the attempt is audited; the requester does not vote', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const { members } = await makeBoard(ministry.id, { size: 2, quorum: 1 })
    const requester = members[0]
    const change = await api(client, requester).raise(changeBody(ministry.id, []))
    await api(client, requester).command(change.id, 'submit')
    await api(client, requester).command(change.id, 'assess', { risk: 'low', impact: 'low', assessment: 'small' })
    const outsider = await makeUser('noc')
    const refused = await api(client, outsider).post(`/api/changes/${change.id}/approve`, { comment: 'me too' })
    refused.assertStatus(403)
    const audited = await db.from('audit_log').where({ entity: 'change_vote_refusals', actor_id: outsider.id }).first()
    assert.equal(audited.after.change_id, change.id)
    assert.equal(audited.after.reason, 'changes.not_on_board')
    const own = await api(client, requester).post(`/api/changes/${change.id}/approve`, {})
    own.assertStatus(403)
    assert.lengthOf(await db.from('change_votes').where('change_id', change.id), 0)
    const rejected = await api(client, members[1]).post(`/api/changes/${change.id}/reject`, { comment: 'No back-out tested' })
    assert.equal(rejected.body().status, 'rejected', 'the requester does not vote, so one rejection leaves the quorum out of reach')
  })

  test('reject needs a comment; votes outside the sitting are 422; quorum waits for enough approvals', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const { members } = await makeBoard(ministry.id, { size: 3, quorum: 2 })
    const as = api(client, noc)
    const change = await as.raise(changeBody(ministry.id, []))
    ;(await api(client, members[0]).post(`/api/changes/${change.id}/approve`, {})).assertStatus(403)
    await as.command(change.id, 'submit')
    ;(await api(client, members[0]).post(`/api/changes/${change.id}/approve`, {})).assertStatus(422)
    await as.command(change.id, 'assess', { risk: 'low', impact: 'low', assessment: 'small' })
    const bare = await api(client, members[0]).post(`/api/changes/${change.id}/reject`, {})
    bare.assertStatus(422)
    assert.equal(bare.body().errors[0].field, 'comment')
    const one = await api(client, members[0]).post(`/api/changes/${change.id}/approve`, {})
    assert.equal(one.body().status, 'assessed')
    const against = await api(client, members[1]).post(`/api/changes/${change.id}/reject`, { comment: 'Wrong week' })
    assert.equal(against.body().status, 'assessed', 'one approval, one rejection: the third decides')
    const third = await api(client, members[2]).post(`/api/changes/${change.id}/approve`, {})
    assert.equal(third.body().status, 'approved')
  })

  test('an emergency change goes to the emergency board, is voted on when submitted and reviewed afterwards', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    await makeBoard(ministry.id, { size: 3, quorum: 2 })
    const { board, members } = await makeBoard(ministry.id, { size: 1, quorum: 1, type: 'emergency' })
    const as = api(client, noc)
    const change = await as.raise(changeBody(ministry.id, [], window(0, 1), { type: 'emergency' }))
    const submitted = (await as.command(change.id, 'submit')).body()
    assert.equal(submitted.board.id, board.id)
    const approved = await api(client, members[0]).post(`/api/changes/${change.id}/approve`, {})
    assert.equal(approved.body().status, 'approved')
    for (const command of ['schedule', 'start', 'complete']) await as.command(change.id, command)
    ;(await as.command(change.id, 'close')).assertStatus(422)
    assert.equal((await as.command(change.id, 'review', { review: 'Justified: fibre cut' })).body().status, 'reviewed')
  })

  test('a standard change from a template needs no board; a normal one without a board cannot be submitted', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const template = await api(client, admin).post('/api/change_templates', { name: 'Swap a line card', description: 'Spare card', risk: 'low', back_out_plan: 'Old card back', active: true })
    template.assertStatus(201)
    const as = api(client, await makeUser('noc'))
    const standard = await as.post('/api/changes', { title: 'Swap card', type: 'standard', impact: 'low', agency_id: ministry.id, template_id: template.body().id, ...window(1, 2) })
    standard.assertStatus(201)
    assert.equal(standard.body().back_out_plan, 'Old card back')
    assert.equal((await as.command(standard.body().id, 'submit')).body().status, 'approved')
    const untemplated = await as.post('/api/changes', { ...changeBody(ministry.id, []), type: 'standard' })
    assert.equal(untemplated.body().errors[0].field, 'template_id')
    const lonely = await as.raise(changeBody(ministry.id, []))
    const submitted = await as.command(lonely.id, 'submit')
    // The demo, when loaded into this database, brings national boards: then the change goes there.
    const national = await db.from('change_boards').whereNull('agency_id').where('change_type', 'normal').orderBy('id').first()
    if (national) {
      assert.equal(submitted.body().board?.id, national.id)
    } else {
      submitted.assertStatus(422)
      assert.equal(submitted.body().errors[0].field, 'board_id')
    }
  })

  test('scheduling opens a window over the uplink and the lines behind it; implementing ends it', async ({ client, assert }) => {
    const { ministry, child } = await makeAgencyTree()
    const uplink = await makeLink(ministry.id, { kind: 'uplink' })
    const lines = [await makeLink(child.id, { consolidated_into_id: uplink.id }), await makeLink(child.id, { consolidated_into_id: uplink.id })]
    const { change, as } = await approvedChange(client, ministry.id, [{ item_type: 'link', item_id: uplink.id }], window(-1, 2))
    const scheduled = (await as.command(change.id, 'schedule')).body()
    assert.isNotNull(scheduled.window_id)
    const opened = await windowOf(scheduled.window_id)
    assert.equal(opened.change_ref, change.number)
    assert.deepEqual(
      (await windowItems(scheduled.window_id)).map((i) => i.item_id),
      [uplink.id, ...lines.map((l) => l.id)].sort((a, b) => a - b)
    )
    await as.command(change.id, 'start')
    await as.command(change.id, 'complete')
    const ended = await windowOf(scheduled.window_id)
    assert.isAtMost(new Date(ended.ends_at).getTime(), Date.now())
    assert.isBelow(new Date(ended.ends_at).getTime(), new Date(change.planned_end).getTime())
  })

  test('backing out and cancelling end the window; a window cancelled before it began silenced nothing', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const failing = await approvedChange(client, ministry.id, [{ item_type: 'link', item_id: link.id }], window(-1, 2))
    const w1 = (await failing.as.command(failing.change.id, 'schedule')).body().window_id
    await failing.as.command(failing.change.id, 'start')
    await failing.as.command(failing.change.id, 'fail', { reason: 'Router did not boot' })
    assert.isAbove(new Date((await windowOf(w1)).ends_at).getTime(), Date.now(), 'still silenced while backing out')
    await failing.as.command(failing.change.id, 'back_out')
    assert.isAtMost(new Date((await windowOf(w1)).ends_at).getTime(), Date.now())

    const board = { board: null, members: failing.members }
    const later = await approvedChange(client, ministry.id, [{ item_type: 'link', item_id: link.id }], window(5, 6), board as any)
    const w2 = (await later.as.command(later.change.id, 'schedule')).body().window_id
    const cancelled = await later.as.command(later.change.id, 'cancel', { reason: 'Carrier postponed' })
    assert.equal(cancelled.body().status, 'cancelled')
    const w = await windowOf(w2)
    assert.isAtMost(new Date(w.ends_at).getTime(), Date.now())
    assert.isBelow(new Date(w.starts_at).getTime(), new Date(w.ends_at).getTime())
  })

  test('editing: descriptive fields while being decided, never the status; locked once approved', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const { change, as } = await approvedChange(client, ministry.id, [{ item_type: 'link', item_id: link.id }])
    const admin = await makeUser('admin')
    const locked = await client.patch(`/api/changes/${change.id}`).json({ title: 'Other' }).loginAs(admin).withCsrfToken()
    locked.assertStatus(422)
    const draft = await as.raise(changeBody(ministry.id, []))
    const patched = await client.patch(`/api/changes/${draft.id}`).json({ title: 'Renamed change' }).loginAs(admin).withCsrfToken()
    assert.equal(patched.body().title, 'Renamed change')
    const moved = await client.patch(`/api/changes/${draft.id}`).json({ status: 'approved' }).loginAs(admin).withCsrfToken()
    moved.assertStatus(422)
  })
})

test.group('changes: boards', () => {
  test('a board names active members and a reachable quorum; changing its members is audited', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const [a, b] = [await makeUser('noc'), await makeUser('cio')]
    const as = api(client, admin)
    const tooHigh = await as.post('/api/change_boards', { name: 'Ministry CAB', change_type: 'normal', agency_id: ministry.id, quorum: 3, members: [a.id, b.id] })
    assert.equal(tooHigh.status(), 422)
    assert.equal(tooHigh.body().errors[0].field, 'quorum')
    const unknown = await as.post('/api/change_boards', { name: 'Ministry CAB', change_type: 'normal', agency_id: ministry.id, quorum: 1, members: [2147483000] })
    assert.equal(unknown.body().errors[0].field, 'members.0')
    const board = await as.post('/api/change_boards', { name: 'Ministry CAB', change_type: 'normal', agency_id: ministry.id, quorum: 2, members: [a.id, b.id] })
    board.assertStatus(201)
    assert.sameMembers(board.body().members.map((m: any) => m.id), [a.id, b.id])
    const raised = await client.patch(`/api/change_boards/${board.body().id}`).json({ quorum: 3 }).loginAs(admin).withCsrfToken()
    assert.equal(raised.status(), 422, 'the stored members count when the body names none')
    const shrunk = await client.patch(`/api/change_boards/${board.body().id}`).json({ quorum: 1, members: [a.id] }).loginAs(admin).withCsrfToken()
    shrunk.assertStatus(200)
    const audit = await db.from('audit_log').where({ entity: 'change_board_members', entity_id: String(board.body().id) }).first()
    assert.deepEqual(audit.after.members, [a.id])
    ;(await api(client, await makeUser('noc')).post('/api/change_boards', { name: 'Mine', change_type: 'normal', quorum: 1 })).assertStatus(403)
  })
})
