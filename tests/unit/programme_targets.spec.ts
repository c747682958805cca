import { test } from '@japa/runner'
import { measure, progress, PROGRAMME_TARGETS } from '#app/overview/programme_targets'

test.group('programme targets', () => {
  test('targets are the plan figures', ({ assert }) => {
    assert.deepEqual(PROGRAMME_TARGETS.data_centres, { baseline: 280, target: 80 })
    assert.deepEqual(PROGRAMME_TARGETS.information_systems, { baseline: 4500, target: 675 })
    assert.deepEqual(PROGRAMME_TARGETS.agency_lines, { baseline: 17485, target: 40 })
  })

  test('progress runs from 0 at the baseline to 1 at the target', ({ assert }) => {
    assert.equal(progress(280, 80, 280), 0)
    assert.equal(progress(280, 80, 80), 1)
    assert.equal(progress(280, 80, 180), 0.5)
    assert.closeTo(measure('agency_lines', 8762).progress, (17485 - 8762) / (17485 - 40), 1e-12)
  })

  test('progress is clamped when a count overshoots either end', ({ assert }) => {
    assert.equal(progress(280, 80, 300), 0)
    assert.equal(progress(280, 80, 60), 1)
    assert.equal(progress(10, 10, 10), 1)
    assert.equal(progress(10, 10, 11), 0)
  })
})
