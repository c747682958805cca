import { test } from '@japa/runner'
import { compliance, mean, monthBounds, monthOf, percentage, workedMinutes } from '#app/reports/monthly_figures'

const at = (iso: string) => new Date(iso)

test.group('monthly figures', () => {
  test("a month runs from Taipei's midnight on the 1st to the next month's", ({ assert }) => {
    assert.deepEqual(monthBounds('2026-03'), { from: at('2026-02-28T16:00:00Z'), to: at('2026-03-31T16:00:00Z') })
    assert.deepEqual(monthBounds('2026-12'), { from: at('2026-11-30T16:00:00Z'), to: at('2026-12-31T16:00:00Z') })
    assert.equal(monthOf(at('2026-02-28T16:00:00Z')), '2026-03')
    assert.equal(monthOf(at('2026-02-28T15:59:59Z')), '2026-02')
  })

  test('a month that is not one is refused', ({ assert }) => {
    for (const bad of ['2026-13', '2026-00', '2026-3', '26-03', '2026-03-01', '']) assert.throws(() => monthBounds(bad))
  })

  test('means and percentages to a tenth; an empty month has no figure, not zero', ({ assert }) => {
    assert.equal(mean([10, 20, 45]), 25)
    assert.equal(mean([1, 2]), 1.5)
    assert.equal(mean([1, 1, 2]), 1.3)
    assert.isNull(mean([]))
    assert.equal(percentage(2, 3), 66.7)
    assert.equal(percentage(0, 4), 0)
    assert.equal(percentage(4, 4), 100)
    assert.isNull(percentage(0, 0))
  })

  test('time to resolve counts only time worked: holds and a resolution before a reopening are left out', ({ assert }) => {
    const opened = at('2026-03-02T00:00:00Z')
    // Worked 60 min, on hold 120 min, worked 30 min, resolved for 600 min, reopened and worked 15 min.
    const moves = [
      { at: at('2026-03-02T00:30:00Z'), toStatus: 'in_progress' },
      { at: at('2026-03-02T01:00:00Z'), toStatus: 'on_hold' },
      { at: at('2026-03-02T03:00:00Z'), toStatus: 'in_progress' },
      { at: at('2026-03-02T03:30:00Z'), toStatus: 'resolved' },
      { at: at('2026-03-02T13:30:00Z'), toStatus: 'in_progress' },
      { at: at('2026-03-02T13:45:00Z'), toStatus: 'resolved' },
    ]
    assert.equal(workedMinutes(opened, at('2026-03-02T13:45:00Z'), moves), 105)
    // Without a timeline it is simply the time from opening to resolution.
    assert.equal(workedMinutes(opened, at('2026-03-02T02:00:00Z'), []), 120)
  })

  test('SLA compliance: met when done by the due time; a running deadline is not counted until it passes', ({ assert }) => {
    const now = at('2026-03-10T00:00:00Z')
    const result = compliance(
      [
        { done: at('2026-03-01T01:00:00Z'), due: at('2026-03-01T02:00:00Z') },
        { done: at('2026-03-01T02:00:00Z'), due: at('2026-03-01T02:00:00Z') },
        { done: at('2026-03-01T03:00:00Z'), due: at('2026-03-01T02:00:00Z') },
        { done: null, due: at('2026-03-05T00:00:00Z') },
        { done: null, due: at('2026-03-11T00:00:00Z') },
      ],
      now
    )
    assert.deepEqual(result, { counted: 4, met: 2, percent: 50 })
    assert.deepEqual(compliance([], now), { counted: 0, met: 0, percent: null })
  })
})
