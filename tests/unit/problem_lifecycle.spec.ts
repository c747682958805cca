import { test } from '@japa/runner'
import {
  PROBLEM_COMMANDS,
  PROBLEM_STATUSES,
  groupsIncidents,
  problemCommandTarget,
  problemCommandsFor,
  stampProblemClock,
  type ProblemCommand,
  type ProblemStatus,
} from '#shared/problem_lifecycle'
import { problemNumber } from '#app/problems/problem_service'

/** Every command from every status, written out: what is allowed leads here, everything else is refused. */
const ALLOWED: Record<ProblemStatus, Partial<Record<ProblemCommand, ProblemStatus>>> = {
  new: { investigate: 'investigating', identify: 'known_error', cancel: 'cancelled' },
  investigating: { identify: 'known_error', resolve: 'resolved', cancel: 'cancelled' },
  known_error: { identify: 'known_error', resolve: 'resolved' },
  resolved: { close: 'closed', reopen: 'investigating' },
  closed: {},
  cancelled: {},
}

const empty = { knownErrorAt: null, resolvedAt: null, closedAt: null }
const t0 = new Date('2026-03-02T01:00:00Z')
const t1 = new Date('2026-03-04T01:00:00Z')

test.group('problem lifecycle', () => {
  test('each command from each status: allowed where the table says, refused everywhere else', ({ assert }) => {
    for (const from of PROBLEM_STATUSES) {
      for (const command of PROBLEM_COMMANDS) {
        assert.equal(problemCommandTarget(command, from), ALLOWED[from][command] ?? null, `${command} from ${from}`)
      }
      assert.deepEqual(problemCommandsFor(from), PROBLEM_COMMANDS.filter((c) => c in ALLOWED[from]))
    }
  })

  test('closed and cancelled are final; only a problem still worked groups incidents', ({ assert }) => {
    assert.deepEqual(problemCommandsFor('closed'), [])
    assert.deepEqual(problemCommandsFor('cancelled'), [])
    assert.deepEqual(PROBLEM_STATUSES.filter(groupsIncidents), ['new', 'investigating', 'known_error'])
  })

  test('the first known-error record is kept when it is amended', ({ assert }) => {
    const first = stampProblemClock('investigating', 'known_error', empty, t0)
    assert.deepEqual(first, { ...empty, knownErrorAt: t0 })
    assert.deepEqual(stampProblemClock('known_error', 'known_error', first, t1), first)
  })

  test('resolving stamps, reopening clears the resolution time, closing stamps its own', ({ assert }) => {
    const resolved = stampProblemClock('known_error', 'resolved', { ...empty, knownErrorAt: t0 }, t0)
    assert.deepEqual(resolved, { knownErrorAt: t0, resolvedAt: t0, closedAt: null })
    assert.deepEqual(stampProblemClock('resolved', 'investigating', resolved, t1), { knownErrorAt: t0, resolvedAt: null, closedAt: null })
    assert.deepEqual(stampProblemClock('resolved', 'closed', resolved, t1), { knownErrorAt: t0, resolvedAt: t0, closedAt: t1 })
  })

  test('problem numbers', ({ assert }) => {
    assert.equal(problemNumber(2026, 42), 'PRB-2026-000042')
  })
})
