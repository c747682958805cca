import { test } from '@japa/runner'
import { BoundedTable } from '#app/detections/bounded_table'

test.group('Detections: bounded state', () => {
  test('an entry touched within the window survives sweeps; one idle past two windows is gone and counted', ({ assert }) => {
    const table = new BoundedTable<number>(1_000)
    table.touch('busy', 0, () => 1)
    table.touch('idle', 0, () => 2)
    for (let t = 60; t <= 300; t += 60) {
      table.expire(t - 60, t)
      table.touch('busy', t, () => 99)
    }
    assert.equal(table.get('busy'), 1)
    assert.isUndefined(table.get('idle'))
    assert.equal(table.expired, 1)
    assert.equal(table.size, 1)
  })

  test('a sweep before the window has passed keeps everything', ({ assert }) => {
    const table = new BoundedTable<number>(1_000)
    table.touch('a', 100, () => 1)
    table.expire(50, 110)
    table.expire(60, 120)
    assert.equal(table.get('a'), 1)
    assert.equal(table.expired, 0)
  })

  test('at the cap the older half goes and is counted; the size never passes the cap', ({ assert }) => {
    const table = new BoundedTable<number>(10)
    let most = 0
    for (let i = 0; i < 95; i++) {
      table.touch(`k${i}`, i, () => i)
      most = Math.max(most, table.size)
    }
    assert.isAtMost(most, 10)
    assert.equal(table.size + table.evicted, 95)
    assert.equal(table.get('k94'), 94)
    assert.isUndefined(table.get('k0'))
  })
})
