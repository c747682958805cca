import { test } from '@japa/runner'
import { DEFAULT_LEGAL_TERMS, alarmInstants, legalClocks, type LegalFacts } from '#app/security_grading/legal_clocks'
import type { SecurityLevel } from '#shared/security_grading'

const HOUR = 3600_000
const aware = new Date('2026-03-02T01:00:00Z')
const at = (hours: number) => new Date(aware.getTime() + hours * HOUR)

function facts(given: Partial<LegalFacts> = {}): LegalFacts {
  return {
    awareAt: aware, level: null, levelChanges: [], reports: [], reviewedAt: null, proposedAt: null,
    recoveredAt: null, closedAt: null, cancelled: false, ...given,
  }
}
const graded = (level: SecurityLevel, hours = 0.1) => ({ level, levelChanges: [{ at: at(hours), level }] })
const clock = (f: LegalFacts, now: Date, name: string) => legalClocks(DEFAULT_LEGAL_TERMS, f, now).find((c) => c.clock === name)!

test.group('legal clocks: deadlines by level', () => {
  test('report: one hour from awareness at every level, warning at 75%', ({ assert }) => {
    for (const level of [1, 2, 3, 4] as const) {
      const c = clock(facts(graded(level)), at(0.5), 'report')
      assert.deepEqual(c.due_at, at(1))
      assert.deepEqual(c.warning_at, at(0.75))
      assert.equal(c.state, 'running')
    }
    assert.equal(clock(facts(graded(1)), at(0.8), 'report').state, 'warning')
    assert.equal(clock(facts(graded(1)), at(1.01), 'report').state, 'breached')
  })

  test('review: 8 hours (levels 1–2) or 2 hours (3–4) from the report; pending before it', ({ assert }) => {
    const reported = (level: SecurityLevel) => facts({ ...graded(level), reports: [{ at: at(0.5), level }] })
    assert.deepEqual(clock(reported(1), at(1), 'review').due_at, at(8.5))
    assert.deepEqual(clock(reported(2), at(1), 'review').due_at, at(8.5))
    assert.deepEqual(clock(reported(3), at(1), 'review').due_at, at(2.5))
    assert.deepEqual(clock(reported(4), at(1), 'review').due_at, at(2.5))
    const before = clock(facts(graded(2)), at(0.3), 'review')
    assert.equal(before.state, 'pending')
    assert.isNull(before.due_at)
  })

  test('review met when G-ISAC confirms the level; confirmed before the report counts at the report', ({ assert }) => {
    const confirmed = clock(facts({ ...graded(3), reports: [{ at: at(0.5), level: 3 }], reviewedAt: at(1) }), at(5), 'review')
    assert.equal(confirmed.state, 'met')
    assert.deepEqual(confirmed.met_at, at(1))
    const early = clock(facts({ ...graded(3), reports: [{ at: at(0.5), level: 3 }], reviewedAt: at(0.2) }), at(5), 'review')
    assert.equal(early.state, 'met')
    assert.deepEqual(early.met_at, at(0.5))
    const late = clock(facts({ ...graded(4), reports: [{ at: at(0.5), level: 4 }], reviewedAt: at(3) }), at(5), 'review')
    assert.equal(late.state, 'breached')
  })

  test('contain: 72 hours (levels 1–2) or 36 hours (3–4) from awareness, met at the resolution', ({ assert }) => {
    assert.deepEqual(clock(facts(graded(1)), at(1), 'contain').due_at, at(72))
    assert.deepEqual(clock(facts(graded(2)), at(1), 'contain').due_at, at(72))
    assert.deepEqual(clock(facts(graded(3)), at(1), 'contain').due_at, at(36))
    assert.deepEqual(clock(facts(graded(4)), at(1), 'contain').due_at, at(36))
    assert.equal(clock(facts({ ...graded(4), recoveredAt: at(30) }), at(50), 'contain').state, 'met')
    assert.equal(clock(facts({ ...graded(4), recoveredAt: at(40) }), at(50), 'contain').state, 'breached')
  })

  test('investigation: one calendar month in Taipei, met when the incident is closed', ({ assert }) => {
    // Aware on 31 January at 10:00 Taipei: due 28 February at 10:00 Taipei.
    const jan31 = new Date('2026-01-31T02:00:00Z')
    const c = clock(facts({ awareAt: jan31, ...graded(2) }), jan31, 'investigation')
    assert.deepEqual(c.due_at, new Date('2026-02-28T02:00:00Z'))
    assert.equal(clock(facts({ ...graded(2), closedAt: at(200) }), at(300), 'investigation').state, 'met')
  })

  test('not graded yet counts with the shorter clocks of levels 3–4', ({ assert }) => {
    assert.deepEqual(clock(facts(), at(1), 'contain').due_at, at(36))
    assert.isNull(clock(facts(), at(1), 'contain').level)
  })
})

test.group('legal clocks: changes of level, pauses, cancellation', () => {
  test('a level raised mid-clock recomputes the deadline from awareness', ({ assert }) => {
    const raised = facts({ level: 3, levelChanges: [{ at: at(0.2), level: 2 }, { at: at(20), level: 3 }] })
    const c = clock(raised, at(21), 'contain')
    assert.deepEqual(c.due_at, at(36))
    assert.equal(c.state, 'running')
    // Raised at hour 40: the 36-hour deadline from awareness has already passed.
    const late = facts({ level: 4, levelChanges: [{ at: at(0.2), level: 2 }, { at: at(40), level: 4 }] })
    assert.equal(clock(late, at(40), 'contain').state, 'breached')
  })

  test('a change of level after the report asks for a new report within the hour', ({ assert }) => {
    const f = facts({ level: 3, levelChanges: [{ at: at(0.2), level: 2 }, { at: at(5), level: 3 }], reports: [{ at: at(0.5), level: 2 }] })
    const c = clock(f, at(5.5), 'report')
    assert.deepEqual(c.starts_at, at(5))
    assert.deepEqual(c.due_at, at(6))
    assert.equal(c.state, 'running')
    const again = clock({ ...f, reports: [...f.reports, { at: at(5.4), level: 3 }] }, at(7), 'report')
    assert.equal(again.state, 'met')
    assert.deepEqual(again.met_at, at(5.4))
  })

  test('the first grading before any report is no change to report again; the same level again is none either', ({ assert }) => {
    const f = facts({ level: 2, levelChanges: [{ at: at(0.2), level: 2 }, { at: at(3), level: 2 }], reports: [{ at: at(0.5), level: 2 }] })
    const c = clock(f, at(4), 'report')
    assert.equal(c.state, 'met')
    assert.deepEqual(c.starts_at, aware)
  })

  test('on hold does not pause a legal clock: only the incident\'s facts count, never its status', ({ assert }) => {
    // The facts carry no status at all: calendar time from awareness is all the law counts.
    const c = clock(facts(graded(3)), at(37), 'contain')
    assert.equal(c.state, 'breached')
    assert.closeTo(c.elapsed_share, 37 / 36, 1e-9)
  })

  test('a report sent late is breached, not met', ({ assert }) => {
    const c = clock(facts({ ...graded(2), reports: [{ at: at(2), level: 2 }] }), at(3), 'report')
    assert.equal(c.state, 'breached')
    assert.deepEqual(c.met_at, at(2))
  })

  test('a cancelled incident stops the clocks not yet met', ({ assert }) => {
    const clocks = legalClocks(DEFAULT_LEGAL_TERMS, facts({ ...graded(2), cancelled: true }), at(100))
    assert.deepEqual(clocks.map((c) => c.state), ['stopped', 'stopped', 'stopped', 'stopped'])
    assert.deepEqual(alarmInstants(clocks), [])
  })

  test('alarms: a warning and a breach for each clock not met, past ones too; only the breach once breached', ({ assert }) => {
    const due = alarmInstants(legalClocks(DEFAULT_LEGAL_TERMS, facts(graded(2)), at(0.9)))
    assert.deepInclude(due, { clock: 'report', kind: 'breach', at: at(1) })
    assert.deepInclude(due, { clock: 'report', kind: 'warning', at: at(0.75) })
    assert.deepInclude(due, { clock: 'contain', kind: 'warning', at: at(54) })
    assert.isFalse(due.some((d) => d.clock === 'review'))
    const late = alarmInstants(legalClocks(DEFAULT_LEGAL_TERMS, facts(graded(2)), at(2)))
    assert.deepEqual(late.filter((d) => d.clock === 'report'), [{ clock: 'report', kind: 'breach', at: at(1) }])
    const met = alarmInstants(legalClocks(DEFAULT_LEGAL_TERMS, facts({ ...graded(2), reports: [{ at: at(0.5), level: 2 }] }), at(0.6)))
    assert.isFalse(met.some((d) => d.clock === 'report'))
  })

  test('edited policy data changes the deadlines', ({ assert }) => {
    const terms = DEFAULT_LEGAL_TERMS.map((t) => (t.clock === 'contain' ? { ...t, levels_3_4: 24, warning_percent: 50 } : t))
    const c = legalClocks(terms, facts(graded(3)), at(1)).find((x) => x.clock === 'contain')!
    assert.deepEqual(c.due_at, at(24))
    assert.deepEqual(c.warning_at, at(12))
  })
})
