import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { AROUND_THE_CLOCK, businessTime, DEFAULT_BUSINESS_HOURS, ZONE } from '#app/service_levels/business_calendar'
import { LUNAR_NEW_YEAR_2025, MINUTE, officeTime, tpe } from '#tests/unit/service_levels/support'
import { TAIWAN_CALENDAR } from '#app/service_levels/taiwan_calendar'
import type { DayKind } from '#app/service_levels/business_calendar'

const iso = (d: Date) => d.toISOString()

test.group('business calendar: working time between two instants', () => {
  test('counts only the office hours of a day', ({ assert }) => {
    // Monday 2 March 2026.
    assert.equal(officeTime.between(tpe('2026-03-02 09:00'), tpe('2026-03-02 10:30')), 90 * MINUTE)
    assert.equal(officeTime.between(tpe('2026-03-02 07:00'), tpe('2026-03-02 19:00')), 540 * MINUTE)
    assert.equal(officeTime.between(tpe('2026-03-02 17:30'), tpe('2026-03-02 23:59')), 0)
    assert.equal(officeTime.between(tpe('2026-03-02 10:00'), tpe('2026-03-02 09:00')), 0)
  })

  test('a night and a weekend count nothing', ({ assert }) => {
    assert.equal(officeTime.between(tpe('2026-03-02 17:00'), tpe('2026-03-03 09:00')), 60 * MINUTE)
    // Friday 6 to Monday 9 March.
    assert.equal(officeTime.between(tpe('2026-03-06 17:00'), tpe('2026-03-09 09:00')), 60 * MINUTE)
    assert.equal(officeTime.between(tpe('2026-03-07 00:00'), tpe('2026-03-09 00:00')), 0)
  })

  test('holidays count nothing: the nine days of Lunar New Year 2026', ({ assert }) => {
    assert.equal(officeTime.between(tpe('2026-02-13 17:00'), tpe('2026-02-23 09:00')), 60 * MINUTE)
    // Labour Day 2026 is a Friday off.
    assert.equal(officeTime.between(tpe('2026-04-30 08:30'), tpe('2026-05-04 08:30')), 540 * MINUTE)
  })

  test('a make-up working Saturday counts like a weekday', ({ assert }) => {
    // Friday 7 February 2025 to Monday 10 February: Friday and the worked Saturday.
    assert.equal(officeTime.between(tpe('2025-02-07 08:30'), tpe('2025-02-10 08:30')), 1080 * MINUTE)
    // The Monday taken off for it counts nothing.
    assert.equal(officeTime.between(tpe('2025-01-27 00:00'), tpe('2025-01-28 00:00')), 0)
  })

  test('a whole year of 2026 is 245 working days of nine hours', ({ assert }) => {
    // 365 days, 104 of them weekend days, 16 weekdays off: the DGPA's 120 days off.
    assert.equal(officeTime.between(tpe('2026-01-01 00:00'), tpe('2027-01-01 00:00')), 245 * 540 * MINUTE)
    assert.equal(officeTime.between(tpe('2027-01-01 00:00'), tpe('2028-01-01 00:00')), (365 - 104 - 17) * 540 * MINUTE)
  })
})

test.group('business calendar: adding working time to an instant', () => {
  test('a clock started outside hours starts at the next opening', ({ assert }) => {
    assert.equal(iso(officeTime.add(tpe('2026-03-07 03:00'), 15 * MINUTE)), iso(tpe('2026-03-09 08:45')))
    assert.equal(iso(officeTime.add(tpe('2026-03-02 06:00'), 15 * MINUTE)), iso(tpe('2026-03-02 08:45')))
    assert.equal(iso(officeTime.add(tpe('2026-03-02 18:00'), 15 * MINUTE)), iso(tpe('2026-03-03 08:45')))
  })

  test('a due time lands on the closing instant, not the next opening', ({ assert }) => {
    assert.equal(iso(officeTime.add(tpe('2026-03-02 08:30'), 540 * MINUTE)), iso(tpe('2026-03-02 17:30')))
    assert.equal(iso(officeTime.add(tpe('2026-03-02 08:30'), 541 * MINUTE)), iso(tpe('2026-03-03 08:31')))
  })

  test('seconds are kept across the night', ({ assert }) => {
    assert.equal(iso(officeTime.add(tpe('2026-03-02 17:29:30'), MINUTE)), iso(tpe('2026-03-03 08:30:30')))
    assert.equal(iso(officeTime.add(tpe('2026-03-02 10:00:00.250'), 1)), iso(tpe('2026-03-02 10:00:00.251')))
  })

  test('nothing to add leaves the instant where it is, even outside hours', ({ assert }) => {
    assert.equal(iso(officeTime.add(tpe('2026-03-07 03:00'), 0)), iso(tpe('2026-03-07 03:00')))
  })

  test('weekends, holidays and make-up days are honoured', ({ assert }) => {
    assert.equal(iso(officeTime.add(tpe('2026-03-06 17:00'), 60 * MINUTE)), iso(tpe('2026-03-09 09:00')))
    assert.equal(iso(officeTime.add(tpe('2026-02-13 17:00'), 60 * MINUTE)), iso(tpe('2026-02-23 09:00')))
    // Peace Memorial Day 2026 (Saturday) is observed on Friday the 27th.
    assert.equal(iso(officeTime.add(tpe('2026-02-26 17:00'), 60 * MINUTE)), iso(tpe('2026-03-02 09:00')))
    assert.equal(iso(officeTime.add(tpe('2025-02-07 17:00'), 60 * MINUTE)), iso(tpe('2025-02-08 09:00')))
    assert.equal(iso(officeTime.add(tpe('2025-01-24 17:00'), 60 * MINUTE)), iso(tpe('2025-02-03 09:00')))
  })

  test('adding is the inverse of counting', ({ assert }) => {
    const from = tpe('2026-02-11 15:47:13')
    for (const minutes of [1, 59, 540, 541, 2700, 10_000]) {
      const due = officeTime.add(from, minutes * MINUTE)
      assert.equal(officeTime.between(from, due), minutes * MINUTE, `${minutes} min`)
      // The earliest such instant: a moment before, the time is not yet all there.
      assert.isBelow(officeTime.between(from, new Date(due.getTime() - 1)), minutes * MINUTE)
    }
  })
})

test.group('business calendar: Taipei has no daylight saving time', () => {
  test('every day of 2026 and 2027 is UTC+8 at opening and closing', ({ assert }) => {
    for (let day = DateTime.fromISO('2026-01-01', { zone: ZONE }); day.year < 2028; day = day.plus({ days: 1 })) {
      assert.equal(day.set({ hour: 8, minute: 30 }).offset, 480, day.toISODate()!)
      assert.equal(day.set({ hour: 17, minute: 30 }).offset, 480, day.toISODate()!)
    }
  })

  test('a due time across the weekends other zones change clocks lands on the same wall time', ({ assert }) => {
    // 8 March 2026 (United States) and 29 March 2026 (Europe) move clocks; Taipei does not.
    assert.equal(iso(officeTime.add(tpe('2026-03-06 17:00'), 60 * MINUTE)), '2026-03-09T01:00:00.000Z')
    assert.equal(iso(officeTime.add(tpe('2026-03-27 17:00'), 60 * MINUTE)), '2026-03-30T01:00:00.000Z')
    assert.equal(iso(officeTime.add(tpe('2026-10-30 17:00'), 60 * MINUTE)), '2026-11-02T01:00:00.000Z')
    assert.equal(officeTime.between(tpe('2026-03-23 00:00'), tpe('2026-03-30 23:59')), 6 * 540 * MINUTE)
  })
})

test.group('business calendar: other hours and around the clock', () => {
  test('an admin may change the hours and the days worked', ({ assert }) => {
    const sixDays = businessTime({ weekdays: [1, 2, 3, 4, 5, 6], opens: '09:00:00', closes: '18:00:00' }, new Map())
    assert.equal(iso(sixDays.add(tpe('2026-03-06 17:30'), 60 * MINUTE)), iso(tpe('2026-03-07 09:30')))
    assert.equal(sixDays.between(tpe('2026-03-07 00:00'), tpe('2026-03-09 00:00')), 540 * MINUTE)
  })

  test('a holiday on a weekend and a working day on a weekday change nothing', ({ assert }) => {
    const plain = businessTime(DEFAULT_BUSINESS_HOURS, new Map())
    const odd = businessTime(DEFAULT_BUSINESS_HOURS, new Map([['2026-03-07', 'holiday'], ['2026-03-09', 'working_day']]))
    const [from, to] = [tpe('2026-03-05 12:00'), tpe('2026-03-10 12:00')]
    assert.equal(odd.between(from, to), plain.between(from, to))
  })

  test('hours that are not hours are refused', ({ assert }) => {
    assert.throws(() => businessTime({ ...DEFAULT_BUSINESS_HOURS, opens: '17:30', closes: '08:30' }, new Map()), /open before/)
    assert.throws(() => businessTime({ ...DEFAULT_BUSINESS_HOURS, opens: '08:30', closes: '08:30' }, new Map()), /open before/)
    assert.throws(() => businessTime({ ...DEFAULT_BUSINESS_HOURS, closes: '24:00' }, new Map()), /not a time/)
    assert.throws(() => businessTime({ ...DEFAULT_BUSINESS_HOURS, opens: '8:30' }, new Map()), /not a time/)
  })

  test('a calendar without working time says so instead of looping', ({ assert }) => {
    const never = businessTime({ ...DEFAULT_BUSINESS_HOURS, weekdays: [] }, new Map())
    assert.equal(never.between(tpe('2026-01-01 00:00'), tpe('2027-01-01 00:00')), 0)
    assert.throws(() => never.add(tpe('2026-01-01 00:00'), MINUTE), /no working time/)
  })

  test('around the clock every millisecond counts', ({ assert }) => {
    assert.equal(AROUND_THE_CLOCK.between(tpe('2026-02-13 17:00'), tpe('2026-02-23 09:00')), (9 * 24 + 16) * 60 * MINUTE)
    assert.equal(iso(AROUND_THE_CLOCK.add(tpe('2026-03-07 23:30'), 60 * MINUTE)), iso(tpe('2026-03-08 00:30')))
    assert.equal(AROUND_THE_CLOCK.between(tpe('2026-03-02 10:00'), tpe('2026-03-02 09:00')), 0)
  })

  test('a calendar asked again, out of order and at the edges of days answers as a fresh one does', ({ assert }) => {
    // Days are worked out once and kept (business_calendar.ts): the kept ones must not change an answer.
    const days = new Map<string, DayKind>([...TAIWAN_CALENDAR.map((d): [string, DayKind] => [d.date, d.kind]), ...LUNAR_NEW_YEAR_2025])
    const kept = businessTime(DEFAULT_BUSINESS_HOURS, days)
    const edges = ['2026-02-13 17:30', '2026-02-14 00:00', '2026-02-22 23:59:59.999', '2026-02-23 00:00', '2026-03-02 08:29:59.999', '2026-03-02 08:30', '2026-03-07 12:00', '2026-04-03 17:30']
    const instants = [...edges.map(tpe), ...Array.from({ length: 4 }, (_, i) => new Date(tpe('2026-02-01 00:00').getTime() + ((i * 7919) % 997) * 2 * 3600_000 + i * 61_001))]
    let checked = 0
    for (const from of instants) {
      for (const to of instants.toReversed()) {
        assert.equal(kept.between(from, to), businessTime(DEFAULT_BUSINESS_HOURS, days).between(from, to), `${iso(from)} → ${iso(to)}`)
        checked++
      }
      for (const ms of [1, 9 * 60 * MINUTE, 3 * 540 * MINUTE + 1]) {
        assert.equal(iso(kept.add(from, ms)), iso(businessTime(DEFAULT_BUSINESS_HOURS, days).add(from, ms)))
      }
    }
    assert.equal(checked, instants.length ** 2)
  })
})
