import { test } from '@japa/runner'
import { DEFAULT_MATRIX, priorityFrom, type MatrixCell } from '#app/incidents/priority_matrix'
import { IMPACTS, URGENCIES } from '#shared/service_desk'

test.group('priority matrix', () => {
  test('the default matrix has one cell for each impact and urgency', ({ assert }) => {
    assert.lengthOf(DEFAULT_MATRIX, IMPACTS.length * URGENCIES.length)
    for (const impact of IMPACTS) for (const urgency of URGENCIES) assert.lengthOf(DEFAULT_MATRIX.filter((c) => c.impact === impact && c.urgency === urgency), 1)
  })

  test('the default ranks high/high P1, one step down per level below high, P4 from three steps on', ({ assert }) => {
    const table = IMPACTS.map((impact) => URGENCIES.map((urgency) => priorityFrom(DEFAULT_MATRIX, impact, urgency)))
    assert.deepEqual(table, [
      ['P1', 'P2', 'P3'],
      ['P2', 'P3', 'P4'],
      ['P3', 'P4', 'P4'],
    ])
  })

  test('a stored matrix decides; a cell it lacks falls back to the default', ({ assert }) => {
    const stored: MatrixCell[] = [{ impact: 'low', urgency: 'low', priority: 'P2' }]
    assert.equal(priorityFrom(stored, 'low', 'low'), 'P2')
    assert.equal(priorityFrom(stored, 'high', 'high'), 'P1')
    assert.equal(priorityFrom([], 'medium', 'low'), 'P4')
  })
})
