import { test } from '@japa/runner'
import { DEFAULT_LEGAL_TERMS } from '#app/security_grading/legal_clocks'
import { kpiFigures, securityKpis, type KpiIncident } from '#app/security_grading/security_kpis'

const HOUR = 3600_000
const t0 = new Date('2026-03-02T01:00:00Z')
const at = (hours: number) => new Date(t0.getTime() + hours * HOUR)
const report = DEFAULT_LEGAL_TERMS[0]

function incident(given: Partial<KpiIncident> = {}): KpiIncident {
  return { agency_id: 1, aware_at: t0, opened_at: t0, level: 2, first_report_at: null, acknowledged_at: null, ...given }
}

test.group('security KPIs: intrusion-alert reporting rate', () => {
  test('reported within the legal hour of awareness, of all incidents counted; reported at all beside it', ({ assert }) => {
    const f = kpiFigures(
      [
        incident({ first_report_at: at(0.5) }),
        incident({ first_report_at: at(1) }),
        incident({ first_report_at: at(1.01) }),
        incident(),
      ],
      report
    )
    assert.include(f, { opened: 4, reported: 3, reported_in_time: 2, reported_percent: 75, reported_in_time_percent: 50 })
  })

  test('awareness before the opening counts from awareness', ({ assert }) => {
    const f = kpiFigures([incident({ aware_at: at(-2), opened_at: t0, first_report_at: at(0.1) })], report)
    assert.include(f, { reported: 1, reported_in_time: 0 })
  })

  test('an edited report clock changes what is in time', ({ assert }) => {
    const f = kpiFigures([incident({ first_report_at: at(1.5) })], { ...report, levels_1_2: 2 })
    assert.equal(f.reported_in_time, 1)
  })

  test('an empty month has no share rather than 0%', ({ assert }) => {
    assert.include(kpiFigures([], report), { opened: 0, reported_percent: null, reported_in_time_percent: null, major_answered_percent: null })
  })
})

test.group('security KPIs: major incidents answered within 3 hours', () => {
  test('levels 3 and 4 only, taken in hand within 3 hours of the opening', ({ assert }) => {
    const f = kpiFigures(
      [
        incident({ level: 3, acknowledged_at: at(2.9) }),
        incident({ level: 4, acknowledged_at: at(3) }),
        incident({ level: 4, acknowledged_at: at(3.01) }),
        incident({ level: 3 }),
        incident({ level: 2, acknowledged_at: at(0.1) }),
        incident({ level: null, acknowledged_at: at(0.1) }),
      ],
      report
    )
    assert.include(f, { major: 4, major_answered_in_time: 2, major_answered_percent: 50 })
  })

  test('measured from the opening, not from an earlier awareness', ({ assert }) => {
    const f = kpiFigures([incident({ level: 3, aware_at: at(-10), opened_at: t0, acknowledged_at: at(1) })], report)
    assert.equal(f.major_answered_in_time, 1)
  })

  test('per agency, and in total', ({ assert }) => {
    const kpis = securityKpis(
      [incident({ agency_id: 7, first_report_at: at(0.2) }), incident({ agency_id: 3 }), incident({ agency_id: 7, level: 4, acknowledged_at: at(1) })],
      report
    )
    assert.deepEqual(kpis.by_agency.map((a) => [a.agency_id, a.opened, a.reported_in_time, a.major_answered_in_time]), [[3, 1, 0, 0], [7, 2, 1, 1]])
    assert.include(kpis.total, { opened: 3, reported_in_time: 1, reported_in_time_percent: 33.3, major: 1, major_answered_percent: 100 })
  })
})
