import { test } from '@japa/runner'
import {
  addMonths,
  behindPlan,
  countBySubtree,
  derivedTargets,
  forecastMet,
  meanOf,
  plannedAt,
  rankBehind,
  rollBack,
  type CountedRow,
} from '#app/programme/programme_maths'
import { figureMeasures } from '#app/programme/programme_figures'

const DATA_CENTRES = [
  { year: 2008, baseline: 280, target: 230 },
  { year: 2009, baseline: 280, target: 180 },
  { year: 2010, baseline: 280, target: 130 },
  { year: 2011, baseline: 280, target: 80 },
]
const CERTIFICATIONS = [2008, 2009, 2010, 2011].map((year, i) => ({ year, baseline: 0, target: 1000 * (i + 1) }))
const series = (start: string, values: number[]) => values.map((actual, i) => ({ month: addMonths(start, i), actual }))

test.group('programme plan by month', () => {
  test('the plan runs from the baseline before its first year to each December target, straight in between', ({ assert }) => {
    assert.equal(plannedAt(DATA_CENTRES, '2007-06'), 280)
    assert.equal(plannedAt(DATA_CENTRES, '2007-12'), 280)
    assert.equal(plannedAt(DATA_CENTRES, '2008-06'), 255)
    assert.equal(plannedAt(DATA_CENTRES, '2008-12'), 230)
    assert.equal(plannedAt(DATA_CENTRES, '2010-03'), 167.5)
    assert.equal(plannedAt(DATA_CENTRES, '2011-12'), 80)
    assert.equal(plannedAt(DATA_CENTRES, '2013-01'), 80)
    assert.equal(plannedAt(CERTIFICATIONS, '2009-06'), 1500)
    assert.isNull(plannedAt([], '2010-01'))
  })

  test('years entered out of order are read in order', ({ assert }) => {
    assert.equal(plannedAt([...DATA_CENTRES].reverse(), '2008-06'), 255)
  })

  test('months add across years', ({ assert }) => {
    assert.equal(addMonths('2024-11', 3), '2025-02')
    assert.equal(addMonths('2025-01', -1), '2024-12')
    assert.equal(addMonths('2025-01', -13), '2023-12')
  })
})

test.group('behind plan and ranking', () => {
  test('behind is the plan’s progress minus the actual, as a share of the whole way', ({ assert }) => {
    // Planned 180 (half way), actually 230 (a quarter): a quarter of the way behind.
    assert.equal(behindPlan(280, 80, 180, 230), 0.25)
    assert.equal(behindPlan(280, 80, 230, 180), -0.25)
    assert.equal(behindPlan(0, 4000, 2000, 1000), 0.25)
    assert.isNull(behindPlan(280, 80, null, 100))
    assert.isNull(behindPlan(280, 80, 100, null))
  })

  test('the furthest behind ranks first, unknowns last', ({ assert }) => {
    const ranked = rankBehind([{ id: 1, behind: 0.1 }, { id: 2, behind: null }, { id: 3, behind: 0.4 }, { id: 4, behind: -0.2 }])
    assert.deepEqual(ranked.map((r) => r.id), [3, 1, 4, 2])
    assert.equal(meanOf([0.1, null, 0.4]), 0.25)
    assert.isNull(meanOf([null]))
  })
})

test.group('forecast of the month a target is met', () => {
  test('a steady pace meets the target on the month the line reaches it, with no range', ({ assert }) => {
    const forecast = forecastMet(series('2025-01', [100, 98, 96, 94, 92, 90]), 80)!
    assert.deepEqual(forecast, { month: '2025-11', earliest: '2025-11', latest: '2025-11', pace: -2, met: false })
  })

  test('a measure that grows (certifications) is forecast upwards', ({ assert }) => {
    const forecast = forecastMet(series('2025-01', [0, 100, 200, 300]), 1000)!
    assert.equal(forecast.month, '2025-11')
    assert.equal(forecast.pace, 100)
  })

  test('a jumpy pace gives a range around the month', ({ assert }) => {
    const forecast = forecastMet(series('2025-01', [100, 97, 96, 92, 92, 88]), 60)!
    assert.isNotNull(forecast.month)
    assert.isTrue(forecast.earliest! < forecast.month!, `${forecast.earliest} < ${forecast.month}`)
    assert.isTrue(forecast.latest! > forecast.month!, `${forecast.latest} > ${forecast.month}`)
  })

  test('met already, going the wrong way, or too few months', ({ assert }) => {
    assert.deepInclude(forecastMet(series('2025-01', [100, 90, 79]), 80)!, { month: '2025-03', met: true })
    assert.deepInclude(forecastMet(series('2025-01', [100, 101, 103]), 80)!, { month: null, earliest: null, latest: null })
    assert.isNull(forecastMet(series('2025-01', [100, 98]), 80))
    assert.isNull(forecastMet([], 80))
  })

  test('only the last twelve months set the pace', ({ assert }) => {
    // Flat for a year, then two a month for twelve months: the flat year no longer counts.
    const points = series('2024-01', [...Array(12).fill(124), ...Array.from({ length: 12 }, (_, i) => 122 - 2 * i)])
    assert.equal(forecastMet(points, 80)!.month, '2026-10')
  })
})

test.group('targets of a scope without its own allocation', () => {
  test('counts are shared pro rata to the scope’s baseline and rounded up', ({ assert }) => {
    const mine = derivedTargets(DATA_CENTRES, 'data_centres', 9)
    assert.deepEqual(mine.map((t) => [t.year, t.baseline, t.target]), [[2008, 9, 8], [2009, 9, 6], [2010, 9, 5], [2011, 9, 3]])
  })

  test('a measure from nothing is shared by the scope’s share; percentages stay the nation’s', ({ assert }) => {
    assert.equal(derivedTargets(CERTIFICATIONS, 'it_certifications', null, 0.1).at(-1)!.target, 400)
    assert.deepEqual(derivedTargets(CERTIFICATIONS, 'it_certifications', null, null), [])
    const saved = [{ year: 2011, baseline: 0, target: 15 }]
    assert.deepEqual(derivedTargets(saved, 'maintenance_spend_saved', null), saved)
  })
})

test.group('inventory at an instant, from the audit log', () => {
  test('rolling back undoes creations, deletions and updates, newest first', ({ assert }) => {
    const now = new Map<string, CountedRow>([
      ['1', { agency_id: 5, status: 'closed' }],
      ['2', { agency_id: 5, status: 'operating' }],
      ['3', { agency_id: 7, status: 'operating' }],
    ])
    const then = rollBack(now, [
      { action: 'update', entity: 'data_centres', entity_id: '1', before: { status: 'consolidating' } },
      { action: 'create', entity: 'data_centres', entity_id: '3', before: null },
      { action: 'delete', entity: 'data_centres', entity_id: '4', before: { id: 4, agency_id: 6, status: 'operating' } },
      { action: 'update', entity: 'data_centres', entity_id: '1', before: { status: 'operating', agency_id: 9 } },
    ])
    assert.deepEqual(Object.fromEntries(then), {
      '1': { agency_id: 9, status: 'operating' },
      '2': { agency_id: 5, status: 'operating' },
      '4': { agency_id: 6, status: 'operating' },
    })
    // Today's rows are left as they are.
    assert.deepEqual(now.get('1'), { agency_id: 5, status: 'closed' })
  })

  test('a row counts for its agency, every agency above it and the nation', ({ assert }) => {
    const agencies = [{ id: 1, path: '/1/' }, { id: 2, path: '/1/2/' }, { id: 3, path: '/3/' }]
    const rows = [
      { agency_id: 2, status: 'operating' },
      { agency_id: 2, status: 'closed' },
      { agency_id: 3, status: 'consolidating' },
      { agency_id: null, status: 'operating' },
    ]
    const by = countBySubtree('data_centres', agencies, rows)
    assert.deepEqual(by.get(null), { remaining: 3, total: 4 })
    assert.deepEqual(by.get(1), { remaining: 1, total: 2 })
    assert.deepEqual(by.get(2), { remaining: 1, total: 2 })
    assert.deepEqual(by.get(3), { remaining: 1, total: 1 })
    const systems = countBySubtree('information_systems', agencies, [{ agency_id: 2, status: 'merged' }, { agency_id: 2, status: 'migrating' }])
    assert.deepEqual(systems.get(1), { remaining: 1, total: 2 })
  })

  test('entered figures: certifications add up over the years, savings are a share of that year’s baseline', ({ assert }) => {
    const agencies = [{ id: 1, path: '/1/' }, { id: 2, path: '/1/2/' }]
    const rows = [
      { agency_id: 2, year: 2024, figure: 'it_certifications' as const, value: 10 },
      { agency_id: 2, year: 2025, figure: 'it_certifications' as const, value: 5 },
      { agency_id: 2, year: 2026, figure: 'it_certifications' as const, value: 7 },
      { agency_id: 1, year: 2025, figure: 'maintenance_baseline' as const, value: 1000 },
      { agency_id: 2, year: 2025, figure: 'maintenance_saved' as const, value: 150 },
      { agency_id: 1, year: 2024, figure: 'maintenance_baseline' as const, value: 1 },
    ]
    const by = figureMeasures(agencies, rows, 2025)
    assert.deepEqual(by.get(null), { it_certifications: 15, maintenance_spend_saved: 15, build_spend_saved: null })
    assert.deepEqual(by.get(1), { it_certifications: 15, maintenance_spend_saved: 15, build_spend_saved: null })
    assert.deepEqual(by.get(2), { it_certifications: 15, maintenance_spend_saved: null, build_spend_saved: null })
  })
})

test.group('consolidation projects: late', () => {
  test('open past the planned date, or done after it, is late; cancelled never', async ({ assert }) => {
    const { slipped } = await import('#app/programme/consolidation_project_resource')
    const today = '2026-06-10'
    assert.isTrue(slipped({ status: 'in_progress', planned_date: '2026-06-09', actual_date: null }, today))
    assert.isTrue(slipped({ status: 'blocked', planned_date: '2026-01-01', actual_date: null }, today))
    assert.isFalse(slipped({ status: 'planned', planned_date: '2026-06-10', actual_date: null }, today))
    assert.isTrue(slipped({ status: 'done', planned_date: '2026-03-01', actual_date: '2026-03-02' }, today))
    assert.isFalse(slipped({ status: 'done', planned_date: '2026-03-01', actual_date: '2026-03-01' }, today))
    assert.isFalse(slipped({ status: 'cancelled', planned_date: '2026-01-01', actual_date: null }, today))
  })
})

test.group('the demo’s month-end history from the inventory’s dates', () => {
  test('a data centre closed after the month’s end was still open at it', async ({ assert }) => {
    const { asAt } = await import('#app/programme/programme_demo')
    const { monthBounds } = await import('#app/reports/monthly_figures')
    const rows = [
      { agency_id: 1, status: 'closed', gone: Date.parse('2025-03-01T00:00:00Z') },
      { agency_id: 1, status: 'closed', gone: Date.parse('2025-02-28T00:00:00Z') },
      { agency_id: 1, status: 'closed', gone: null },
      { agency_id: 1, status: 'operating', gone: null },
    ]
    const end = monthBounds('2025-02').to.getTime()
    assert.deepEqual(asAt('data_centres', rows, end).map((r) => r.status), ['operating', 'closed', 'closed', 'operating'])
    const lines = asAt('agency_lines', [{ agency_id: 1, status: 'decommissioned', gone: end }], end)
    assert.equal(lines[0].status, 'active')
  })
})
