import { test } from '@japa/runner'
import { COMMAND_MOVES, INCIDENT_COMMANDS, commandTarget, commandsFor } from '#shared/incident_lifecycle'
import { canMove, incidentNumber, mayHandle, stampClock, INCIDENT_STATUSES, TRANSITIONS } from '#app/incidents/incident_workflow'

const empty = { acknowledgedAt: null, resolvedAt: null, closedAt: null }
const t0 = new Date('2026-11-26T01:00:00Z')
const t1 = new Date('2026-11-26T02:00:00Z')

test.group('incident workflow', () => {
  test('closed and cancelled are final', ({ assert }) => {
    for (const to of INCIDENT_STATUSES) {
      assert.equal(canMove('closed', to), to === 'closed')
      assert.equal(canMove('cancelled', to), to === 'cancelled')
    }
  })

  test('an incident is resolved before it is closed, and may be reopened from resolved', ({ assert }) => {
    assert.isFalse(canMove('in_progress', 'closed'))
    assert.isTrue(canMove('resolved', 'closed'))
    assert.isTrue(canMove('resolved', 'in_progress'))
    assert.isFalse(canMove('in_progress', 'new'))
  })

  test('every status can reach a final state', ({ assert }) => {
    for (const start of INCIDENT_STATUSES) {
      const seen = new Set([start])
      const queue = [start]
      while (queue.length) for (const next of TRANSITIONS[queue.shift()!]) if (!seen.has(next)) (seen.add(next), queue.push(next))
      assert.isTrue(seen.has('closed') || seen.has('cancelled'), start)
    }
  })

  test('the clock stamps acknowledgement, resolution and closure once', ({ assert }) => {
    const ack = stampClock('new', 'in_progress', empty, t0)
    assert.deepEqual(ack, { acknowledgedAt: t0, resolvedAt: null, closedAt: null })
    const resolved = stampClock('in_progress', 'resolved', ack, t1)
    assert.deepEqual(resolved, { acknowledgedAt: t0, resolvedAt: t1, closedAt: null })
    assert.deepEqual(stampClock('resolved', 'resolved', resolved, new Date()), resolved)
  })

  test('only a person acknowledges: a move by the system stamps no acknowledgement', ({ assert }) => {
    const settled = stampClock('new', 'resolved', empty, t1, 'system')
    assert.deepEqual(settled, { acknowledgedAt: null, resolvedAt: t1, closedAt: null })
    assert.deepEqual(stampClock('new', 'resolved', empty, t1, 'person').acknowledgedAt, t1)
  })

  test('reopening clears the resolution time', ({ assert }) => {
    const reopened = stampClock('resolved', 'in_progress', { acknowledgedAt: t0, resolvedAt: t1, closedAt: null }, new Date())
    assert.isNull(reopened.resolvedAt)
    assert.equal(reopened.acknowledgedAt, t0)
  })

  test('who handles which incidents', ({ assert }) => {
    assert.isTrue(mayHandle('noc', 'service'))
    assert.isFalse(mayHandle('noc', 'security'))
    assert.isTrue(mayHandle('analyst', 'security'))
    assert.isFalse(mayHandle('analyst', 'service'))
    assert.isTrue(mayHandle('agency_liaison', 'security'))
  })

  test('numbers are per year and zero-padded', ({ assert }) => {
    assert.equal(incidentNumber(2026, 42), 'INC-2026-000042')
  })

  test('every command moves only along the lifecycle, from the statuses it names', ({ assert }) => {
    for (const command of INCIDENT_COMMANDS) {
      for (const from of INCIDENT_STATUSES) {
        const to = commandTarget(command, from)
        assert.equal(to !== null, COMMAND_MOVES[command].from.includes(from), `${command} from ${from}`)
        if (to !== null) assert.isTrue(canMove(from, to), `${command}: ${from} → ${to}`)
      }
    }
  })

  test('the commands each status offers', ({ assert }) => {
    assert.deepEqual(commandsFor('new'), ['assign', 'start', 'resolve', 'cancel'])
    assert.deepEqual(commandsFor('assigned'), ['assign', 'start', 'hold', 'resolve', 'cancel'])
    assert.deepEqual(commandsFor('in_progress'), ['assign', 'hold', 'resolve'])
    assert.deepEqual(commandsFor('on_hold'), ['assign', 'start', 'resolve'])
    assert.deepEqual(commandsFor('resolved'), ['close', 'reopen'])
    assert.deepEqual(commandsFor('closed'), [])
    assert.deepEqual(commandsFor('cancelled'), [])
  })

  test('assigning a new incident makes it assigned; a hand-over keeps the status', ({ assert }) => {
    assert.equal(commandTarget('assign', 'new'), 'assigned')
    assert.equal(commandTarget('assign', 'in_progress'), 'in_progress')
    assert.equal(commandTarget('assign', 'on_hold'), 'on_hold')
    assert.isNull(commandTarget('assign', 'resolved'))
    assert.equal(commandTarget('start', 'on_hold'), 'in_progress')
    assert.isNull(commandTarget('start', 'resolved'))
    assert.equal(commandTarget('reopen', 'resolved'), 'in_progress')
  })
})
