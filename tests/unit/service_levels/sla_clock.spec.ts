import { test } from '@japa/runner'
import type { IncidentStatus } from '#shared/incident_lifecycle'
import { slaClock, type SlaTerms } from '#app/service_levels/sla_clock'
import { DEFAULT_SLA_POLICIES } from '#app/service_levels/default_policies'
import { officeTime, tpe } from '#tests/unit/service_levels/support'

const P1: SlaTerms = { type: 'service', priority: 'P1', respondMinutes: 15, resolveMinutes: 240, calendar: '24x7' }
const P3: SlaTerms = { type: 'service', priority: 'P3', respondMinutes: 60, resolveMinutes: 600, calendar: 'business' }
const P4 = DEFAULT_SLA_POLICIES.find((p) => p.type === 'service' && p.priority === 'P4')!
const SECURITY = DEFAULT_SLA_POLICIES.find((p) => p.type === 'security' && p.priority === 'P4')!

/** An incident's history from Taipei wall times: opened, then [time, status] moves. */
function history(opened: string, ...moves: [string, IncidentStatus][]) {
  return { openedAt: tpe(opened), changes: moves.map(([at, to]) => ({ at: tpe(at), to })) }
}

const clock = (policy: SlaTerms, h: ReturnType<typeof history>, now: string) => slaClock(policy, officeTime, h, tpe(now))
const iso = (d: Date | null) => (d ? d.toISOString() : null)

test.group('SLA clock: a running incident', () => {
  test('states both targets, what is used of them and when warnings fall due', ({ assert }) => {
    const state = clock(P1, history('2026-03-02 10:00'), '2026-03-02 10:05')
    assert.equal(iso(state.respond_due_at), iso(tpe('2026-03-02 10:15')))
    assert.equal(iso(state.resolve_due_at), iso(tpe('2026-03-02 14:00')))
    assert.equal(state.respond_elapsed_share, 5 / 15)
    assert.equal(state.resolve_elapsed_share, 5 / 240)
    assert.equal(iso(state.respond_warning_at), iso(tpe('2026-03-02 10:11:15')))
    assert.equal(iso(state.respond_breach_at), iso(tpe('2026-03-02 10:15')))
    assert.equal(iso(state.resolve_warning_at), iso(tpe('2026-03-02 13:00')))
    assert.equal(iso(state.resolve_breach_at), iso(tpe('2026-03-02 14:00')))
    assert.isNull(state.responded_at)
    assert.isNull(state.resolved_at)
    assert.isFalse(state.paused)
    assert.isFalse(state.respond_breached)
    assert.isFalse(state.resolve_breached)
    assert.strictEqual(state.policy, P1)
  })

  test('a warning instant already passed is still given, so a late job fires at once', ({ assert }) => {
    const state = clock(P1, history('2026-03-02 10:00'), '2026-03-02 10:12')
    assert.equal(iso(state.respond_warning_at), iso(tpe('2026-03-02 10:11:15')))
    assert.equal(state.respond_elapsed_share, 12 / 15)
  })

  test('on business hours the 75% instant skips the night', ({ assert }) => {
    // P4: answer within one business day (540 min); 75% is 405 min.
    const morning = clock(P4, history('2026-03-02 08:30'), '2026-03-02 09:00')
    assert.equal(iso(morning.respond_warning_at), iso(tpe('2026-03-02 15:15')))
    assert.equal(iso(morning.respond_due_at), iso(tpe('2026-03-02 17:30')))
    const late = clock(P4, history('2026-03-02 16:00'), '2026-03-02 16:30')
    assert.equal(iso(late.respond_warning_at), iso(tpe('2026-03-03 13:45')))
    assert.equal(iso(late.respond_due_at), iso(tpe('2026-03-03 16:00')))
    assert.equal(late.respond_elapsed_share, 30 / 540)
  })
})

test.group('SLA clock: opened outside office hours', () => {
  test('a business clock starts at the next opening', ({ assert }) => {
    const state = clock(P4, history('2026-03-07 22:00'), '2026-03-08 12:00')
    assert.equal(iso(state.respond_due_at), iso(tpe('2026-03-09 17:30')))
    assert.equal(iso(state.resolve_due_at), iso(tpe('2026-03-13 17:30')))
    assert.equal(state.respond_elapsed_share, 0)
    assert.equal(iso(state.respond_warning_at), iso(tpe('2026-03-09 15:15')))
  })

  test('over Lunar New Year and an observed holiday', ({ assert }) => {
    // Friday evening before the nine days off; 27 February is Peace Memorial Day observed.
    const state = clock(P4, history('2026-02-13 18:00'), '2026-02-20 12:00')
    assert.equal(iso(state.respond_due_at), iso(tpe('2026-02-23 17:30')))
    assert.equal(iso(state.resolve_due_at), iso(tpe('2026-03-02 17:30')))
  })

  test('a make-up working Saturday is a working day', ({ assert }) => {
    const state = clock(P3, history('2025-02-07 17:00'), '2025-02-07 17:10')
    assert.equal(iso(state.respond_due_at), iso(tpe('2025-02-08 09:00')))
  })

  test('a security incident is answered within the hour, night or weekend', ({ assert }) => {
    const state = clock(SECURITY, history('2026-03-07 23:30'), '2026-03-07 23:50')
    assert.equal(iso(state.respond_due_at), iso(tpe('2026-03-08 00:30')))
    assert.equal(iso(state.respond_warning_at), iso(tpe('2026-03-08 00:15')))
    assert.equal(iso(state.resolve_due_at), iso(tpe('2026-03-10 23:30')))
  })
})

test.group('SLA clock: breaches at the boundary', () => {
  test('an answer at the due instant is in time; a millisecond later it is not', ({ assert }) => {
    const onTime = clock(P1, history('2026-03-02 10:00', ['2026-03-02 10:15', 'assigned']), '2026-03-02 11:00')
    assert.isFalse(onTime.respond_breached)
    assert.equal(iso(onTime.responded_at), iso(tpe('2026-03-02 10:15')))
    assert.equal(onTime.respond_elapsed_share, 1)
    const late = clock(P1, history('2026-03-02 10:00', ['2026-03-02 10:15:00.001', 'assigned']), '2026-03-02 11:00')
    assert.isTrue(late.respond_breached)
  })

  test('unanswered, the breach begins at the due instant', ({ assert }) => {
    assert.isFalse(clock(P1, history('2026-03-02 10:00'), '2026-03-02 10:14:59.999').respond_breached)
    assert.isTrue(clock(P1, history('2026-03-02 10:00'), '2026-03-02 10:15').respond_breached)
    assert.isFalse(clock(P1, history('2026-03-02 10:00'), '2026-03-02 13:59:59.999').resolve_breached)
    assert.isTrue(clock(P1, history('2026-03-02 10:00'), '2026-03-02 14:00').resolve_breached)
  })

  test('on business hours, the breach waits for the hours to pass', ({ assert }) => {
    // Due Monday 09:00; the whole weekend before it is no breach.
    const h = history('2026-03-06 17:00')
    assert.isFalse(clock(P3, h, '2026-03-09 08:59:59.999').respond_breached)
    assert.isTrue(clock(P3, h, '2026-03-09 09:00').respond_breached)
  })

  test('an overrun clock says by how much', ({ assert }) => {
    const state = clock(P1, history('2026-03-02 10:00'), '2026-03-02 18:00')
    assert.equal(state.resolve_elapsed_share, 2)
    assert.equal(iso(state.resolve_breach_at), iso(tpe('2026-03-02 14:00')))
  })
})

test.group('SLA clock: on hold', () => {
  // Worked 10:05–11:00, on hold 11:00–15:00, worked again from 15:00.
  const held = history('2026-03-02 10:00', ['2026-03-02 10:05', 'in_progress'], ['2026-03-02 11:00', 'on_hold'], ['2026-03-02 15:00', 'in_progress'])

  test('a pause never counts: the due time moves by exactly its length', ({ assert }) => {
    const state = clock(P1, held, '2026-03-02 16:00')
    assert.equal(state.resolve_elapsed_share, 120 / 240)
    assert.equal(iso(state.resolve_due_at), iso(tpe('2026-03-02 18:00')))
    assert.equal(iso(state.resolve_warning_at), iso(tpe('2026-03-02 17:00')))
    assert.isFalse(state.paused)
    assert.equal(iso(state.respond_due_at), iso(tpe('2026-03-02 10:15')))
    assert.equal(iso(state.responded_at), iso(tpe('2026-03-02 10:05')))
  })

  test('while paused: no warning instants, the due time projected as if resumed now', ({ assert }) => {
    const at13 = clock(P1, held, '2026-03-02 13:00')
    assert.isTrue(at13.paused)
    assert.isNull(at13.resolve_warning_at)
    assert.isNull(at13.resolve_breach_at)
    assert.equal(at13.resolve_elapsed_share, 60 / 240)
    assert.equal(iso(at13.resolve_due_at), iso(tpe('2026-03-02 16:00')))
    const at14 = clock(P1, held, '2026-03-02 14:00')
    assert.equal(iso(at14.resolve_due_at), iso(tpe('2026-03-02 17:00')))
    assert.equal(at14.resolve_elapsed_share, 60 / 240)
    assert.isFalse(at14.resolve_breached)
  })

  test('a pause over a night and a weekend on business hours', ({ assert }) => {
    // P3 resolves in 600 business minutes. Thursday 09:00–16:00 worked (420 min), on hold
    // until Monday 10:00: the hold covers Thursday's last 90 min, all Friday and Monday's first 90.
    const h = history('2026-03-05 09:00', ['2026-03-05 09:10', 'in_progress'], ['2026-03-05 16:00', 'on_hold'], ['2026-03-09 10:00', 'in_progress'])
    const working = clock(P3, h, '2026-03-09 11:00')
    assert.equal(working.resolve_elapsed_share, 480 / 600)
    assert.equal(iso(working.resolve_due_at), iso(tpe('2026-03-09 13:00')))
    assert.equal(iso(working.resolve_warning_at), iso(tpe('2026-03-09 10:30')))
    assert.equal(iso(working.resolve_breach_at), iso(tpe('2026-03-09 13:00')))

    const onSaturday = clock(P3, h, '2026-03-07 12:00')
    assert.isTrue(onSaturday.paused)
    assert.equal(onSaturday.resolve_elapsed_share, 420 / 600)
    assert.equal(iso(onSaturday.resolve_due_at), iso(tpe('2026-03-09 11:30')))
    assert.isNull(onSaturday.resolve_breach_at)
  })

  test('a pause that starts and ends outside office hours changes nothing on business hours', ({ assert }) => {
    // Friday 14:00–17:30 counts 210 min, the 390 left run to Monday 15:00 either way.
    const plain = clock(P3, history('2026-03-06 14:00', ['2026-03-06 14:10', 'in_progress']), '2026-03-09 12:00')
    const held = clock(
      P3,
      history('2026-03-06 14:00', ['2026-03-06 14:10', 'in_progress'], ['2026-03-06 20:00', 'on_hold'], ['2026-03-09 07:00', 'in_progress']),
      '2026-03-09 12:00'
    )
    assert.equal(iso(held.resolve_due_at), iso(tpe('2026-03-09 15:00')))
    assert.equal(iso(plain.resolve_due_at), iso(tpe('2026-03-09 15:00')))
    assert.equal(held.resolve_elapsed_share, 420 / 600)
    assert.equal(plain.resolve_elapsed_share, 420 / 600)
  })

  test('around the clock, the same pause moves the due time by its 59 hours', ({ assert }) => {
    const held = clock(
      P1,
      history('2026-03-06 18:00', ['2026-03-06 18:05', 'in_progress'], ['2026-03-06 20:00', 'on_hold'], ['2026-03-09 07:00', 'in_progress']),
      '2026-03-09 07:30'
    )
    assert.equal(held.resolve_elapsed_share, 150 / 240)
    assert.equal(iso(held.resolve_due_at), iso(tpe('2026-03-09 09:00')))
  })

  test('paused exactly at the due instant, the target is missed', ({ assert }) => {
    const h = history('2026-03-02 10:00', ['2026-03-02 10:05', 'in_progress'], ['2026-03-02 14:00', 'on_hold'])
    const state = clock(P1, h, '2026-03-03 10:00')
    assert.isTrue(state.paused)
    assert.isTrue(state.resolve_breached)
    assert.equal(state.resolve_elapsed_share, 1)
  })
})

test.group('SLA clock: resolved and reopened', () => {
  const moves: [string, IncidentStatus][] = [
    ['2026-03-02 10:05', 'in_progress'],
    ['2026-03-02 11:00', 'resolved'],
    ['2026-03-02 13:00', 'in_progress'],
    ['2026-03-02 14:00', 'resolved'],
    ['2026-03-02 15:00', 'closed'],
  ]

  test('resolved: the clock stops and the due time stands', ({ assert }) => {
    const state = clock(P1, history('2026-03-02 10:00', ...moves.slice(0, 2)), '2026-03-02 12:00')
    assert.equal(iso(state.resolved_at), iso(tpe('2026-03-02 11:00')))
    assert.equal(state.resolve_elapsed_share, 60 / 240)
    assert.equal(iso(state.resolve_due_at), iso(tpe('2026-03-02 14:00')))
    assert.isNull(state.resolve_warning_at)
    assert.isNull(state.resolve_breach_at)
    assert.isFalse(state.paused)
    // The due time of a stopped clock does not drift with `now`.
    assert.equal(iso(clock(P1, history('2026-03-02 10:00', ...moves.slice(0, 2)), '2026-03-09 12:00').resolve_due_at), iso(state.resolve_due_at))
  })

  test('reopened: the clock resumes from where it stood, time resolved not counted', ({ assert }) => {
    const state = clock(P1, history('2026-03-02 10:00', ...moves.slice(0, 3)), '2026-03-02 13:30')
    assert.isNull(state.resolved_at)
    assert.equal(state.resolve_elapsed_share, 90 / 240)
    assert.equal(iso(state.resolve_due_at), iso(tpe('2026-03-02 16:00')))
    assert.equal(iso(state.resolve_warning_at), iso(tpe('2026-03-02 15:00')))
    // Responded once, at the first move; the reopening does not restart it.
    assert.equal(iso(state.responded_at), iso(tpe('2026-03-02 10:05')))
  })

  test('resolved again and closed: the last resolution counts', ({ assert }) => {
    const state = clock(P1, history('2026-03-02 10:00', ...moves), '2026-03-03 09:00')
    assert.equal(iso(state.resolved_at), iso(tpe('2026-03-02 14:00')))
    assert.equal(state.resolve_elapsed_share, 120 / 240)
    assert.equal(iso(state.resolve_due_at), iso(tpe('2026-03-02 16:00')))
    assert.isFalse(state.resolve_breached)
  })

  test('a reopening that runs past the target is a breach, at the exact instant', ({ assert }) => {
    const h = history('2026-03-02 10:00', ['2026-03-02 10:05', 'in_progress'], ['2026-03-02 13:59', 'resolved'], ['2026-03-02 20:00', 'in_progress'])
    assert.isFalse(clock(P1, h, '2026-03-02 20:00:59.999').resolve_breached)
    const breached = clock(P1, h, '2026-03-02 20:01')
    assert.isTrue(breached.resolve_breached)
    assert.equal(iso(breached.resolve_due_at), iso(tpe('2026-03-02 20:01')))
    const resolvedAtDue = history('2026-03-02 10:00', ['2026-03-02 10:05', 'in_progress'], ['2026-03-02 13:59', 'resolved'], ['2026-03-02 20:00', 'in_progress'], ['2026-03-02 20:01', 'resolved'])
    assert.isFalse(clock(P1, resolvedAtDue, '2026-03-02 21:00').resolve_breached)
  })

  test('reopened on business hours after a weekend resolved', ({ assert }) => {
    // 420 business minutes used by Thursday 16:00; resolved until Monday 10:00.
    const h = history('2026-03-05 09:00', ['2026-03-05 09:10', 'in_progress'], ['2026-03-05 16:00', 'resolved'], ['2026-03-09 10:00', 'in_progress'])
    const state = clock(P3, h, '2026-03-09 10:00')
    assert.equal(iso(state.resolve_due_at), iso(tpe('2026-03-09 13:00')))
    assert.equal(state.resolve_elapsed_share, 420 / 600)
  })
})

test.group('SLA clock: the history as it comes', () => {
  test('a cancelled new incident stops both clocks and is not resolved', ({ assert }) => {
    const state = clock(P1, history('2026-03-02 10:00', ['2026-03-02 10:10', 'cancelled']), '2026-03-02 18:00')
    assert.equal(iso(state.responded_at), iso(tpe('2026-03-02 10:10')))
    assert.isNull(state.resolved_at)
    assert.isFalse(state.respond_breached)
    assert.isFalse(state.resolve_breached)
    assert.equal(state.resolve_elapsed_share, 10 / 240)
    assert.isNull(state.resolve_breach_at)
    assert.isNull(state.respond_breach_at)
  })

  test('moves in any order, repeated, or not yet made give the same answer', ({ assert }) => {
    const ordered = clock(P1, history('2026-03-02 10:00', ['2026-03-02 10:05', 'in_progress'], ['2026-03-02 11:00', 'on_hold'], ['2026-03-02 15:00', 'in_progress']), '2026-03-02 16:00')
    const shuffled = clock(
      P1,
      history(
        '2026-03-02 10:00',
        ['2026-03-02 15:00', 'in_progress'],
        ['2026-03-02 17:00', 'resolved'],
        ['2026-03-02 10:05', 'in_progress'],
        ['2026-03-02 12:00', 'on_hold'],
        ['2026-03-02 11:00', 'on_hold']
      ),
      '2026-03-02 16:00'
    )
    assert.deepEqual(shuffled, ordered)
  })

  test('a move stamped a moment before the opening counts from the opening', ({ assert }) => {
    const state = clock(P1, history('2026-03-02 10:00', ['2026-03-02 09:59:59', 'in_progress']), '2026-03-02 10:30')
    assert.equal(iso(state.responded_at), iso(tpe('2026-03-02 10:00')))
    assert.equal(state.respond_elapsed_share, 0)
  })

  test('targets that are not positive are refused', ({ assert }) => {
    assert.throws(() => clock({ ...P1, respondMinutes: 0 }, history('2026-03-02 10:00'), '2026-03-02 10:30'), /positive/)
    assert.throws(() => clock({ ...P1, resolveMinutes: Number.NaN }, history('2026-03-02 10:00'), '2026-03-02 10:30'), /positive/)
  })
})
