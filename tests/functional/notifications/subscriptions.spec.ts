import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { notify } from '#app/notifications/dispatcher'
import { envelope } from '#app/notifications/events'
import { message } from '#app/core/messages'
import { fireSlaAlarm } from '#app/service_levels/sla_alarms'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { until } from '#tests/support/wait'
import { browserCookie, eventStream } from '#tests/support/event_stream'
import { notificationPeers, type NotificationPeers } from '#tests/support/mail_receiver'
import { command, raise, standardGroups } from '#tests/functional/service_desk/support'
import { api, changeBody, makeBoard, makeLink } from '#tests/functional/changes/support'
import { openAt, second, usePolicies, P2_AROUND_THE_CLOCK } from '#tests/functional/service_levels/support'

/**
 * Each person's subscriptions, end to end: the API that keeps them, mail delivered to a real
 * SMTP server this test starts (through the worker and notification_deliveries), and the live
 * stream read over HTTP as a browser would.
 */

let peers: NotificationPeers

const mailsTo = (email: string) => peers.smtp.mailsTo(email)
/** The first mail to `email`, once it has arrived. */
const mailFor = (what: string, email: string) => until(what, () => mailsTo(email)[0])
const deliveriesTo = (user: User) => db.from('notification_deliveries').where('user_id', user.id).orderBy('id')
const settled = () => peers.settled()

const subscribe = (client: ApiClient, user: User, topic: string, choice: { email: boolean; live: boolean }) =>
  client.put(`/api/notification_subscriptions/${user.id}-${topic}`).json(choice).loginAs(user).withCsrfToken()

async function northTeam(members: User[]) {
  const north = { id: (await standardGroups()).get('JDT-NORTH')! }
  await db.table('assignment_group_members').multiInsert(members.map((m) => ({ group_id: north.id, user_id: m.id })))
  return north
}

/** Reads /api/events as `user` until stopped. */
const stream = async (user: User) => eventStream(await browserCookie(user.email))

test.group('notification subscriptions: mail and live events per person', (group) => {
  group.setup(async () => {
    peers = await notificationPeers()
    return () => peers.close()
  })

  test('a north team member subscribed by mail gets the incident routed to the team; default and unsubscribed members get no mail; another agency\'s liaison in the team gets nothing', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const subscriber = await makeUser('noc')
    const byDefault = await makeUser('noc')
    const unsubscribed = await makeUser('noc')
    const outsider = await makeUser('agency_liaison', other.id)
    const north = await northTeam([subscriber, byDefault, unsubscribed, outsider])
    ;(await subscribe(client, subscriber, 'group_queues', { email: true, live: true })).assertStatus(200)
    ;(await subscribe(client, unsubscribed, 'group_queues', { email: false, live: false })).assertStatus(200)
    ;(await subscribe(client, outsider, 'group_queues', { email: true, live: true })).assertStatus(200)

    const noc = await makeUser('noc')
    const incident = await raise(client, noc, ministry.id)
    ;(await command(client, noc, incident.id, 'assign', { assignee_id: null, group_id: north.id })).assertStatus(200)

    const received = await until('the mail to the subscriber', () => mailsTo(subscriber.email).find((m) => m.subject!.includes('事件單已指派')))
    assert.include(received.subject!, incident.number)
    // The subscriber reads the console in English (the fixtures' accounts do): so does the mail's body.
    assert.include(received.text!, 'incident assigned')
    assert.notInclude(received.text!, '事件單已指派')
    await settled()
    const delivery = (await deliveriesTo(subscriber)).find((d) => d.event_type === 'incident.assigned')
    assert.include(delivery, { event_type: 'incident.assigned', status: 'sent', channel_id: null })
    for (const person of [byDefault, unsubscribed, outsider]) {
      assert.lengthOf(await deliveriesTo(person), 0, person.email)
      assert.lengthOf(mailsTo(person.email), 0, person.email)
    }
  })

  test('an SLA warning of the team\'s incident is mailed to the member who chose SLA mail, once however often it is announced', async ({ client, assert }) => {
    await usePolicies([{ type: 'service', priority: 'P1', respond_minutes: 1, resolve_minutes: 60, calendar: '24x7' }, P2_AROUND_THE_CLOCK])
    const { ministry } = await makeAgencyTree()
    const member = await makeUser('noc')
    const north = await northTeam([member])
    ;(await subscribe(client, member, 'sla', { email: true, live: true })).assertStatus(200)

    // One minute to respond, opened 50 s ago: 75% is used, the warning applies now.
    const { id } = await openAt(ministry.id, second(Date.now() - 50_000), 'P1')
    await db.from('incidents').where('id', id).update({ group_id: north.id })
    const at = new Date().toISOString()
    assert.deepEqual(await fireSlaAlarm({ incidentId: id, clock: 'respond', kind: 'warning', at }), { given: true })

    const received = await mailFor('the SLA mail', member.email)
    assert.include(received.subject!, 'SLA 預警')
    await settled()
    const [delivery] = await deliveriesTo(member)
    // The same envelope announced again (a relay after a crash): no second delivery, no second mail.
    await notify(delivery.event)
    await settled()
    assert.lengthOf(await deliveriesTo(member), 1)
    assert.lengthOf(mailsTo(member.email), 1)
  })

  test('a CAB member who chose CAB mail gets the request when a change is submitted to their board, and sees it live', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const { board, members } = await makeBoard(ministry.id)
    const [subscriber, quiet] = members
    ;(await subscribe(client, subscriber, 'cab_requests', { email: true, live: true })).assertStatus(200)
    // A liaison of another agency seated on this board by mistake still hears nothing of it.
    const outsider = await makeUser('agency_liaison', other.id)
    await db.table('change_board_members').insert({ board_id: board.id, user_id: outsider.id })
    ;(await subscribe(client, outsider, 'cab_requests', { email: true, live: true })).assertStatus(200)

    const live = await stream(subscriber)
    const outsiderLive = await stream(outsider)
    try {
      const link = await makeLink(ministry.id)
      const requester = await makeUser('noc')
      const change = await api(client, requester).raise(changeBody(ministry.id, [{ item_type: 'link', item_id: link.id }]))
      ;(await api(client, requester).command(change.id, 'submit')).assertStatus(200)

      const received = await mailFor('the CAB mail', subscriber.email)
      assert.include(received.subject!, change.number)
      assert.include(received.subject!, board.name)
      const seen = await until('the CAB request live', () => live.events().find((e) => e.type === 'change.submitted'))
      assert.deepEqual(seen.topics, ['cab_requests'])
      assert.include(seen.text, change.number)
      assert.equal(seen.payload.board_id, board.id)
      await settled()
      assert.lengthOf(await deliveriesTo(quiet), 0)
      assert.lengthOf(await deliveriesTo(outsider), 0)
      assert.notInclude(outsiderLive.events().map((e) => e.type), 'change.submitted')
    } finally {
      live.close()
      outsiderLive.close()
    }
  })

  test('an incident a person raises through the API is announced as incident.opened: mailed to the team member subscribed to its queue and to its assignee under my incidents; a later hand-over reaches the new assignee', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const member = await makeUser('noc')
    const north = await northTeam([member])
    const assignee = await makeUser('noc')
    const nextAssignee = await makeUser('noc')
    const bystander = await makeUser('noc')
    ;(await subscribe(client, member, 'group_queues', { email: true, live: true })).assertStatus(200)
    for (const person of [assignee, nextAssignee, bystander]) {
      ;(await subscribe(client, person, 'my_incidents', { email: true, live: true })).assertStatus(200)
    }

    const noc = await makeUser('noc')
    const incident = await raise(client, noc, ministry.id, { group_id: north.id, assignee_id: assignee.id })
    for (const person of [member, assignee]) {
      const received = await mailFor(`the opening mailed to ${person.email}`, person.email)
      assert.include(received.subject!, `事件單開立：${incident.number}`)
      assert.include(received.subject!, `incident opened: ${incident.number}`)
    }
    await settled()
    const [opened] = await deliveriesTo(member)
    assert.include(opened, { event_type: 'incident.opened', status: 'sent', channel_id: null })
    // The envelope every producer's events travel in, about the incident itself.
    assert.deepInclude(opened.event, { type: 'incident.opened', subject: { kind: 'incident', id: incident.id }, agency_id: ministry.id, priority: incident.priority })
    assert.equal(opened.event.summary.key, 'events.incident')
    assert.equal(opened.event.payload.incident.number, incident.number)
    assert.deepEqual((await deliveriesTo(assignee)).map((d) => d.event_type), ['incident.opened'])
    assert.lengthOf(await deliveriesTo(bystander), 0)
    // Sent from the outbox the opening wrote, and cleared from it once sent.
    assert.lengthOf(await db.from('monitoring_outbox').whereRaw(`event->'subject'->>'id' = ?`, [String(incident.id)]), 0)

    ;(await command(client, noc, incident.id, 'assign', { assignee_id: nextAssignee.id })).assertStatus(200)
    const handedOver = await mailFor('the hand-over mail', nextAssignee.email)
    assert.include(handedOver.subject!, `事件單已指派：${incident.number}`)
    await settled()
    assert.lengthOf(await deliveriesTo(bystander), 0)
  })

  test('a problem\'s opening and resolution are mailed under my items to whoever raised it and to those who own its incidents\' items; nobody else', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const engineer = await makeUser('noc')
    const reporter = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const foreignLiaison = await makeUser('agency_liaison', other.id)
    const bystander = await makeUser('noc')
    for (const person of [engineer, reporter, liaison, foreignLiaison, bystander]) {
      ;(await subscribe(client, person, 'my_items', { email: true, live: true })).assertStatus(200)
    }
    // The engineer owns the link: an open incident on it is assigned to them.
    const incident = await raise(client, reporter, ministry.id, { assignee_id: engineer.id, items: [{ item_type: 'link', item_id: link.id }] })

    const raised = await client.post('/api/problems').json({ title: 'Fibre splice fails in the cold', priority: 'P2', agency_id: ministry.id }).loginAs(reporter).withCsrfToken()
    raised.assertStatus(201)
    const problem = raised.body()
    const openedMail = await until('the problem opening mailed to its reporter', () => mailsTo(reporter.email).find((m) => m.subject!.includes('問題單開立')))
    assert.include(openedMail.subject!, `problem opened: ${problem.number}`)

    const post = (path: string, json: object) => client.post(path).json(json).loginAs(reporter).withCsrfToken()
    ;(await post(`/api/problems/${problem.id}/incidents`, { incident_id: incident.id })).assertStatus(200)
    ;(await post(`/api/problems/${problem.id}/investigate`, {})).assertStatus(200)
    ;(await post(`/api/problems/${problem.id}/resolve`, { resolution: 'Carrier re-spliced the fibre' })).assertStatus(200)
    for (const person of [reporter, engineer, liaison]) {
      const resolved = await until(`the resolution mailed to ${person.email}`, () => mailsTo(person.email).find((m) => m.subject!.includes('問題單已解決')))
      assert.include(resolved.subject!, `problem resolved: ${problem.number}`)
    }
    await settled()
    const problemDeliveries = async (user: User) => (await deliveriesTo(user)).filter((d) => d.event_type.startsWith('problem.')).map((d) => d.event_type)
    assert.deepEqual(await problemDeliveries(reporter), ['problem.opened', 'problem.resolved'])
    // At the opening no incident was filed under it: nothing of the engineer's or the agency's was touched.
    assert.deepEqual(await problemDeliveries(engineer), ['problem.resolved'])
    assert.deepEqual(await problemDeliveries(liaison), ['problem.resolved'])
    assert.lengthOf(await deliveriesTo(foreignLiaison), 0)
    assert.lengthOf(await deliveriesTo(bystander), 0)
  })

  test('a change on an item someone owns is mailed under my items to its owner and its requester, not to others', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const { members } = await makeBoard(ministry.id)
    const engineer = await makeUser('noc')
    const requester = await makeUser('noc')
    const bystander = await makeUser('noc')
    for (const person of [engineer, requester, bystander, ...members]) {
      ;(await subscribe(client, person, 'my_items', { email: true, live: true })).assertStatus(200)
    }
    await raise(client, requester, ministry.id, { assignee_id: engineer.id, items: [{ item_type: 'link', item_id: link.id }] })

    const change = await api(client, requester).raise(changeBody(ministry.id, [{ item_type: 'link', item_id: link.id }]))
    ;(await api(client, requester).command(change.id, 'submit')).assertStatus(200)
    for (const person of [engineer, requester]) {
      const received = await mailFor(`the change mailed to ${person.email}`, person.email)
      assert.include(received.subject!, change.number)
      assert.include(received.subject!, '變更已送 CAB 審議')
    }
    await settled()
    assert.deepEqual((await deliveriesTo(engineer)).map((d) => d.event_type), ['change.submitted'])
    // Board members hear of it under CAB requests (their choice there is the default: no mail), not as their items.
    for (const person of [bystander, ...members]) assert.lengthOf(await deliveriesTo(person), 0, person.email)
  })

  test('the live text is worded in the reader\'s language', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const reader = await makeUser('noc')
    await db.from('users').where('id', reader.id).update({ locale: 'en' })
    const live = await stream(reader)
    try {
      const { id } = await openAt(ministry.id, second(Date.now()), 'P2')
      await notify(
        envelope({
          type: 'incident.moved', at: new Date(), subject: { kind: 'incident', id }, agency_id: ministry.id, priority: 'P2',
          summary: message('events.incident', { type: 'incident.moved', number: 'INC-X', title: 'Uplink', status: 'on_hold', assignee: null }),
          payload: {},
        })
      )
      const seen = await until('the event', () => live.events().find((e) => e.subject?.id === id))
      assert.equal(seen.text, 'incident moved: INC-X Uplink (on hold)')
      assert.deepEqual(seen.topics, [])
    } finally {
      live.close()
    }
  })
})

test.group('notification subscriptions: the API', () => {
  test('a person lists their own, defaults first; changes only their own; an admin reads everyone\'s', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const me = await makeUser('agency_liaison', ministry.id)
    const someone = await makeUser('noc')
    const admin = await makeUser('admin')

    const mine = await client.get('/api/notification_subscriptions').loginAs(me)
    mine.assertStatus(200)
    assert.deepEqual(
      mine.body().map((r: any) => [r.id, r.email, r.live, r.chosen]),
      ['group_queues', 'my_incidents', 'sla', 'cab_requests', 'my_items'].map((t) => [`${me.id}-${t}`, false, true, false])
    )
    const put = await subscribe(client, me, 'sla', { email: true, live: false })
    put.assertStatus(200)
    assert.include(put.body(), { id: `${me.id}-sla`, email: true, live: false, chosen: true })
    const patch = await client.patch(`/api/notification_subscriptions/${me.id}-sla`).json({ live: true }).loginAs(me).withCsrfToken()
    assert.include(patch.body(), { email: true, live: true })
    const audit = await db.from('audit_log').where({ entity: 'notification_subscriptions' }).where('actor_id', me.id).orderBy('id')
    assert.lengthOf(audit, 2)

    // Another person's: not found to change or show, forbidden to list.
    const theirs = await client.put(`/api/notification_subscriptions/${someone.id}-sla`).json({ email: true, live: true }).loginAs(me).withCsrfToken()
    theirs.assertStatus(404)
    ;(await client.get(`/api/notification_subscriptions/${someone.id}-sla`).loginAs(me)).assertStatus(404)
    const listed = await client.get('/api/notification_subscriptions').qs({ filter: JSON.stringify({ user_id: someone.id }) }).loginAs(me)
    listed.assertStatus(403)
    assert.notInclude(listed.text(), 'SELECT')
    assert.lengthOf(await db.from('notification_subscriptions').where('user_id', someone.id), 0)
    // An admin reads them, but changes only their own.
    const read = await client.get('/api/notification_subscriptions').qs({ filter: JSON.stringify({ user_id: me.id }) }).loginAs(admin)
    read.assertStatus(200)
    assert.deepEqual(read.body().find((r: any) => r.topic === 'sla'), { id: `${me.id}-sla`, user_id: me.id, topic: 'sla', email: true, live: true, chosen: true })
    ;(await client.put(`/api/notification_subscriptions/${me.id}-sla`).json({ email: false, live: false }).loginAs(admin).withCsrfToken()).assertStatus(404)
  })

  test('bad topics and values are 422 with the field named', async ({ client, assert }) => {
    const me = await makeUser('noc')
    const cases: Array<[string, object, string]> = [
      [`${me.id}-weather`, { email: true, live: true }, 'topic'],
      [`${me.id}-sla`, { topic: 'weather', email: true, live: true }, 'topic'],
      [`${me.id}-sla`, { topic: 'group_queues', email: true, live: true }, 'topic'],
      [`${me.id}-sla`, { email: 'yes', live: true }, 'email'],
      [`${me.id}-sla`, { email: true }, 'live'],
    ]
    for (const [id, body, field] of cases) {
      const answer = await client.put(`/api/notification_subscriptions/${id}`).json(body).loginAs(me).withCsrfToken()
      assert.equal(answer.status(), 422, `${id} ${JSON.stringify(body)}: ${answer.text()}`)
      assert.include(answer.body().errors.map((e: any) => e.field), field)
    }
    const filtered = await client.get('/api/notification_subscriptions').qs({ filter: JSON.stringify({ topic: 'weather' }) }).loginAs(me)
    filtered.assertStatus(422)
    assert.lengthOf(await db.from('notification_subscriptions').where('user_id', me.id), 0)
  })
})
