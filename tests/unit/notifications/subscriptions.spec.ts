import { test } from '@japa/runner'
import { choicesOf, heard, shownToScope, topicsFor, type EventFacts, type UserFacts } from '#app/notifications/subscriptions'
import type { EventType } from '#app/notifications/events'

const facts = (overrides: Partial<EventFacts> = {}): EventFacts => ({
  agency_path: '/1/7/',
  group_ids: [],
  assignee_ids: [],
  board_id: null,
  requester_id: null,
  items: [],
  item_paths: [],
  ...overrides,
})

const person = (overrides: Partial<UserFacts> = {}): UserFacts => ({
  id: 5,
  scope_path: null,
  group_ids: [],
  board_ids: [],
  items: [],
  owns_agency_items: false,
  ...overrides,
})

const of = (type: EventType) => ({ type })

test.group('subscriptions: which topics an event concerns a person under', () => {
  test('an incident routed or assigned to their group is in their group queues, not their own', ({ assert }) => {
    const member = person({ group_ids: [3, 9] })
    for (const type of ['incident.opened', 'incident.assigned', 'incident.moved', 'incident.resolved'] as const) {
      assert.deepEqual(topicsFor(of(type), facts({ group_ids: [9] }), member), ['group_queues'], type)
    }
    assert.deepEqual(topicsFor(of('incident.assigned'), facts({ group_ids: [4] }), member), [])
  })

  test('an incident assigned to them is theirs, and in their group also their queue', ({ assert }) => {
    assert.deepEqual(topicsFor(of('incident.assigned'), facts({ assignee_ids: [5] }), person()), ['my_incidents'])
    assert.deepEqual(topicsFor(of('incident.moved'), facts({ assignee_ids: [5], group_ids: [3] }), person({ group_ids: [3] })), ['group_queues', 'my_incidents'])
    assert.deepEqual(topicsFor(of('incident.moved'), facts({ assignee_ids: [6] }), person()), [])
  })

  test('SLA warnings and breaches are their own topic, for the group and the assignee alike', ({ assert }) => {
    assert.deepEqual(topicsFor(of('incident.sla_warning'), facts({ group_ids: [3] }), person({ group_ids: [3] })), ['sla'])
    assert.deepEqual(topicsFor(of('incident.sla_breach'), facts({ assignee_ids: [5] }), person()), ['sla'])
    assert.deepEqual(topicsFor(of('incident.sla_breach'), facts({ group_ids: [2], assignee_ids: [8] }), person({ group_ids: [3] })), [])
  })

  test('a change submitted to a board they sit on is a CAB request; its later moves are not', ({ assert }) => {
    const member = person({ board_ids: [11] })
    assert.deepEqual(topicsFor(of('change.submitted'), facts({ board_id: 11 }), member), ['cab_requests'])
    assert.deepEqual(topicsFor(of('change.submitted'), facts({ board_id: 12 }), member), [])
    assert.deepEqual(topicsFor(of('change.approved'), facts({ board_id: 11 }), member), [])
  })

  test('changes and problems on items they own: items of their incidents, their agency for a liaison, what they raised', ({ assert }) => {
    const engineer = person({ items: ['link:4'] })
    assert.deepEqual(topicsFor(of('change.scheduled'), facts({ items: ['link:4', 'device:2'] }), engineer), ['my_items'])
    assert.deepEqual(topicsFor(of('change.scheduled'), facts({ items: ['link:5'] }), engineer), [])
    assert.deepEqual(topicsFor(of('problem.resolved'), facts({ items: ['link:4'] }), engineer), ['my_items'])
    assert.deepEqual(topicsFor(of('change.failed'), facts({ requester_id: 5 }), person()), ['my_items'])

    const liaison = person({ scope_path: '/1/7/', owns_agency_items: true })
    assert.deepEqual(topicsFor(of('change.implementing'), facts({ item_paths: ['/1/7/42/'] }), liaison), ['my_items'])
    assert.deepEqual(topicsFor(of('change.implementing'), facts({ item_paths: ['/1/8/'] }), liaison), [])
    // A national engineer does not own the whole GSN's items by having no agency.
    assert.deepEqual(topicsFor(of('change.implementing'), facts({ item_paths: ['/1/7/'] }), person({ owns_agency_items: true })), [])
    // Items of incidents concern incidents' own topics, not my_items.
    assert.deepEqual(topicsFor(of('incident.moved'), facts({ items: ['link:4'] }), engineer), [])
  })

  test('nothing outside their agency scope concerns them, whatever their groups and boards', ({ assert }) => {
    const liaison = person({ scope_path: '/1/8/', group_ids: [3], board_ids: [11], items: ['link:4'], owns_agency_items: true })
    assert.deepEqual(topicsFor(of('incident.assigned'), facts({ group_ids: [3], assignee_ids: [5] }), liaison), [])
    assert.deepEqual(topicsFor(of('change.submitted'), facts({ board_id: 11, requester_id: 5, items: ['link:4'] }), liaison), [])
    // A national record (no agency path) reaches national accounts only.
    assert.deepEqual(topicsFor(of('problem.opened'), facts({ agency_path: null, requester_id: 5 }), liaison), [])
    assert.deepEqual(topicsFor(of('problem.opened'), facts({ agency_path: null, requester_id: 5 }), person()), ['my_items'])
    // Within the subtree: a ministry's liaison hears of the agencies below it.
    assert.deepEqual(topicsFor(of('incident.assigned'), facts({ agency_path: '/1/8/30/', group_ids: [3] }), liaison), ['group_queues'])
  })

  test('monitoring events concern no topic: the board shows them to the whole scope', ({ assert }) => {
    assert.deepEqual(topicsFor(of('link.down'), facts({ group_ids: [3] }), person({ group_ids: [3] })), [])
    assert.isTrue(shownToScope(of('link.down')))
    assert.isTrue(shownToScope(of('incident.sla_warning')))
    assert.isFalse(shownToScope(of('change.submitted')))
    assert.isFalse(shownToScope(of('problem.opened')))
  })
})

test.group('subscriptions: choices', () => {
  test('a topic never chosen is heard live and not by mail; a stored choice wins', ({ assert }) => {
    const choices = choicesOf([{ topic: 'sla', email: true, live: false }, { topic: 'retired_topic', email: true, live: true }])
    assert.deepEqual(choices.group_queues, { email: false, live: true })
    assert.deepEqual(choices.sla, { email: true, live: false })
    assert.notProperty(choices, 'retired_topic')
    assert.deepEqual(heard(['group_queues', 'sla'], choices, 'email'), ['sla'])
    assert.deepEqual(heard(['group_queues', 'sla'], choices, 'live'), ['group_queues'])
  })
})
