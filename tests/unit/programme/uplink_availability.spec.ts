import { test } from '@japa/runner'
import { availabilityPercent, downIntervals, merged, outsideWindows } from '#app/programme/uplink_availability'

test.group('uplink availability outside maintenance windows', () => {
  test('down intervals start from the state at the month’s start and end at its end', ({ assert }) => {
    const changes = [
      { at: -5, state: 'down' },
      { at: 10, state: 'up' },
      { at: 50, state: 'down' },
      { at: 60, state: 'degraded' },
      { at: 90, state: 'down' },
      { at: 120, state: 'up' },
    ]
    assert.deepEqual(downIntervals(0, 100, 'up', changes), [{ from: 0, to: 10 }, { from: 50, to: 60 }, { from: 90, to: 100 }])
    assert.deepEqual(downIntervals(0, 100, 'up', []), [])
    assert.deepEqual(downIntervals(0, 100, 'down', []), [{ from: 0, to: 100 }])
  })

  test('minutes a window covers do not count, overlapping windows counted once', ({ assert }) => {
    const down = [{ from: 0, to: 10 }, { from: 50, to: 60 }, { from: 90, to: 100 }]
    assert.equal(outsideWindows(down, [{ from: 55, to: 95 }]), 20)
    assert.equal(outsideWindows(down, [{ from: 55, to: 95 }, { from: 60, to: 92 }, { from: 0, to: 5 }]), 15)
    assert.equal(outsideWindows(down, []), 30)
    assert.deepEqual(merged([{ from: 5, to: 8 }, { from: 0, to: 5 }, { from: 9, to: 9 }]), [{ from: 0, to: 8 }])
  })

  test('availability is the share of line-minutes up', ({ assert }) => {
    assert.equal(availabilityPercent(20, 2, 0, 100), 90)
    assert.equal(availabilityPercent(0, 3, 0, 100), 100)
    assert.isNull(availabilityPercent(0, 0, 0, 100))
  })
})
