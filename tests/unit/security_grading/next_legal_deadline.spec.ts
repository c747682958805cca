import { test } from '@japa/runner'
import { DEFAULT_LEGAL_TERMS, legalClocks, nextLegalDeadline, type LegalFacts } from '#app/security_grading/legal_clocks'

const HOUR = 3600_000
const aware = new Date('2026-03-02T01:00:00Z')
const at = (hours: number) => new Date(aware.getTime() + hours * HOUR)

function facts(given: Partial<LegalFacts> = {}): LegalFacts {
  return {
    awareAt: aware, level: null, levelChanges: [], reports: [], reviewedAt: null, proposedAt: null,
    recoveredAt: null, closedAt: null, cancelled: false, ...given,
  }
}
const next = (f: LegalFacts, now: Date) => nextLegalDeadline(legalClocks(DEFAULT_LEGAL_TERMS, f, now))

test.group("the analyst's queue: the nearest legal deadline", () => {
  test('not reported: the report, an hour from awareness, even once breached', ({ assert }) => {
    assert.deepEqual(next(facts(), at(0.2)), at(1))
    assert.deepEqual(next(facts(), at(5)), at(1), 'a breached clock keeps its (past) deadline and sorts first')
  })

  test('reported and proposed by the agency: the review; reviewed by G-ISAC: the containment by level', ({ assert }) => {
    const proposed = facts({ level: 3, levelChanges: [{ at: at(0.1), level: 3 }], proposedAt: at(0.1), reports: [{ at: at(0.5), level: 3 }] })
    assert.deepEqual(next(proposed, at(0.6)), at(2.5), 'review 2 hours after the report at level 3')
    const reviewed = facts({ level: 2, levelChanges: [{ at: at(0.1), level: 2 }], reviewedAt: at(0.1), reports: [{ at: at(0.5), level: 2 }] })
    assert.deepEqual(next(reviewed, at(0.6)), at(72))
    const major = facts({ level: 4, levelChanges: [{ at: at(0.1), level: 4 }], reviewedAt: at(0.1), reports: [{ at: at(0.5), level: 4 }] })
    assert.deepEqual(next(major, at(0.6)), at(36))
  })

  test('recovered: the investigation report; closed or cancelled: none', ({ assert }) => {
    const recovered = facts({ level: 2, levelChanges: [{ at: at(0.1), level: 2 }], reviewedAt: at(0.1), reports: [{ at: at(0.5), level: 2 }], recoveredAt: at(10) })
    assert.deepEqual(next(recovered, at(11)), new Date('2026-04-02T01:00:00Z'), 'a calendar month in Taipei')
    assert.isNull(next({ ...recovered, closedAt: at(20) }, at(21)))
    assert.isNull(next(facts({ cancelled: true }), at(0.5)))
  })

  test('no clocks: nothing to sort by', ({ assert }) => {
    assert.isNull(nextLegalDeadline([]))
  })
})
