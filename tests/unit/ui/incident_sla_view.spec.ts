import { test } from '@japa/runner'
import { clockView, currentClock, elapsedShare, policyName, type Sla } from '../../../ui/src/incidents/sla_clock.js'

/** How the incident pages read the API's `sla` block: which clock a chip shows and in what state. */
const at = (iso: string) => new Date(iso).getTime()
const base: Sla = {
  policy: { name: 'P2 service, business hours' },
  respond_due_at: '2026-03-02T02:30:00.000Z',
  resolve_due_at: '2026-03-03T09:30:00.000Z',
  responded_at: null,
  resolved_at: null,
  paused: false,
  respond_breached: false,
  resolve_breached: false,
}

test.group('Incident SLA as the UI shows it', () => {
  test('the respond clock counts until someone responds, then the resolve clock', ({ assert }) => {
    assert.deepEqual(currentClock(base, at('2026-03-02T01:00:00Z')), { clock: 'respond', state: 'running', due: base.respond_due_at })
    const responded = { ...base, responded_at: '2026-03-02T02:00:00.000Z' }
    assert.deepEqual(currentClock(responded, at('2026-03-02T03:00:00Z')), { clock: 'resolve', state: 'running', due: base.resolve_due_at })
    assert.equal(clockView(responded, 'respond', at('2026-03-02T03:00:00Z')).state, 'met')
  })

  test('a clock past its due time reads breached before the worker flags it; the flag alone is enough', ({ assert }) => {
    assert.equal(currentClock(base, at('2026-03-02T02:31:00Z')).state, 'breached')
    assert.equal(currentClock({ ...base, respond_breached: true }, at('2026-03-02T01:00:00Z')).state, 'breached')
    // Responded late: the respond clock stays breached once stopped.
    const late = { ...base, responded_at: '2026-03-02T03:00:00.000Z' }
    assert.equal(clockView(late, 'respond', at('2026-03-02T04:00:00Z')).state, 'breached')
  })

  test('on hold the clock reads paused, even past a due time the pause will move', ({ assert }) => {
    const held = { ...base, responded_at: '2026-03-02T02:00:00.000Z', paused: true }
    assert.equal(currentClock(held, at('2026-03-02T05:00:00Z')).state, 'paused')
    assert.equal(currentClock(held, at('2026-03-04T00:00:00Z')).state, 'paused')
    assert.equal(currentClock({ ...held, resolve_breached: true }, at('2026-03-04T00:00:00Z')).state, 'breached')
  })

  test('a resolved incident shows its resolve clock met or breached', ({ assert }) => {
    const done = { ...base, responded_at: '2026-03-02T02:00:00.000Z', resolved_at: '2026-03-03T01:00:00.000Z' }
    assert.deepEqual(currentClock(done, at('2026-03-09T00:00:00Z')), { clock: 'resolve', state: 'met', due: base.resolve_due_at })
    assert.equal(currentClock({ ...done, resolved_at: '2026-03-03T10:00:00.000Z' }, at('2026-03-09T00:00:00Z')).state, 'breached')
  })

  test('the policy is named whether the API sends a name or an object', ({ assert }) => {
    assert.equal(policyName(base), 'P2 service, business hours')
    assert.equal(policyName({ ...base, policy: '24x7 P1' }), '24x7 P1')
    assert.isNull(policyName({ ...base, policy: null }))
  })

  test("a queue's bar fills with the share of the clock that matters; a breach fills it whatever the share says", ({ assert }) => {
    const shares = { ...base, respond_elapsed_share: 0.8, resolve_elapsed_share: 0.1 }
    const early = at('2026-03-02T01:00:00Z')
    assert.equal(elapsedShare(shares, currentClock(shares, early)), 0.8)
    const responded = { ...shares, responded_at: '2026-03-02T02:00:00.000Z' }
    assert.equal(elapsedShare(responded, currentClock(responded, early)), 0.1)
    // Past its due time before the server counted it: full, not 80%.
    assert.equal(elapsedShare(shares, currentClock(shares, at('2026-03-02T02:31:00Z'))), 1)
    assert.equal(elapsedShare({ ...shares, respond_elapsed_share: 1.4 }, currentClock({ ...shares, respond_breached: true }, early)), 1.4)
    // An API without the shares draws an empty bar rather than failing.
    assert.equal(elapsedShare(base, currentClock(base, early)), 0)
  })
})
