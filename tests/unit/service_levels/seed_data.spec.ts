import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { TAIWAN_2026, TAIWAN_2027, TAIWAN_CALENDAR } from '#app/service_levels/taiwan_calendar'
import { DEFAULT_SLA_POLICIES } from '#app/service_levels/default_policies'
import { PRIORITIES } from '#app/service_levels/sla_clock'

/** Days off in a year: its weekend days, less worked Saturdays, plus the weekdays taken off. */
function daysOff(year: number, days: typeof TAIWAN_CALENDAR) {
  let weekends = 0
  for (let d = DateTime.fromObject({ year, month: 1, day: 1 }); d.year === year; d = d.plus({ days: 1 })) if (d.weekday > 5) weekends++
  return weekends + days.filter((d) => d.kind === 'holiday').length - days.filter((d) => d.kind === 'working_day').length
}

test.group('Taiwan office calendar', () => {
  test('the years add up to the DGPA totals: 120 days off in 2026, 121 in 2027', ({ assert }) => {
    assert.equal(daysOff(2026, TAIWAN_2026), 120)
    assert.equal(daysOff(2027, TAIWAN_2027), 121)
  })

  test('only dates that change the week: weekdays off, weekend days worked', ({ assert }) => {
    for (const day of TAIWAN_CALENDAR) {
      const weekday = DateTime.fromISO(day.date).weekday
      if (day.kind === 'holiday') assert.isAtMost(weekday, 5, day.date)
      else assert.isAbove(weekday, 5, day.date)
    }
  })

  test('dates are real, in order, once each, in their year, and named in both languages', ({ assert }) => {
    const dates = TAIWAN_CALENDAR.map((d) => d.date)
    assert.deepEqual(dates, [...new Set(dates)].toSorted())
    for (const day of TAIWAN_CALENDAR) {
      assert.isTrue(DateTime.fromISO(day.date).isValid, day.date)
      assert.isNotEmpty(day.nameEn.trim())
      assert.match(day.nameZh, /\p{Script=Han}/u)
    }
    assert.isTrue(TAIWAN_2026.every((d) => d.date.startsWith('2026-')))
    assert.isTrue(TAIWAN_2027.every((d) => d.date.startsWith('2027-')))
  })

  test('the published long weekends are there', ({ assert }) => {
    const off = new Set(TAIWAN_CALENDAR.map((d) => d.date))
    // 2026: Lunar New Year 14–22 February; 2027: 4–10 February.
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) assert.isTrue(off.has(d), d)
    for (const d of ['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']) assert.isTrue(off.has(d), d)
    // 2 January 2026 stays a working Friday: no bridge day since the 2025 rules.
    assert.isFalse(off.has('2026-01-02'))
  })
})

test.group('default SLA policies', () => {
  test('one policy for every type and priority', ({ assert }) => {
    const keys = DEFAULT_SLA_POLICIES.map((p) => `${p.type}/${p.priority}`)
    assert.sameMembers(keys, ['service', 'security'].flatMap((type) => PRIORITIES.map((priority) => `${type}/${priority}`)))
  })

  test('security incidents are answered within an hour around the clock', ({ assert }) => {
    for (const policy of DEFAULT_SLA_POLICIES.filter((p) => p.type === 'security')) {
      assert.equal(policy.respondMinutes, 60)
      assert.equal(policy.calendar, '24x7')
    }
  })

  test('an answer never takes longer than a resolution; P4 answers in a business day, resolves in five', ({ assert }) => {
    for (const policy of DEFAULT_SLA_POLICIES) assert.isAtMost(policy.respondMinutes, policy.resolveMinutes)
    const p4 = DEFAULT_SLA_POLICIES.find((p) => p.type === 'service' && p.priority === 'P4')!
    assert.deepInclude(p4, { respondMinutes: 540, resolveMinutes: 2700, calendar: 'business' })
  })
})
