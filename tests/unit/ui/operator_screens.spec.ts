import { test } from '@japa/runner'
import {
  datePattern,
  formatDateTime,
  formatDay,
  currentMonth,
  formatMonth,
  monthBefore,
  formatMonthDay,
  monthsSince,
  parseDateTime,
  parseDay,
  toLocalInput,
} from '../../../ui/src/common/taipei_time.js'
import { ANALYST_LANDING, CIO_LANDING, OVERVIEW_PATH, landingOf } from '../../../ui/src/layout/landings.js'
import { nameIn, rowNames } from '../../../ui/src/common/names.js'

/** The rules under the operator's screens: one date convention per language, landings, names and marks. */

test.group('One date convention per language, in Taipei time', () => {
  test('an instant is written year first, 24-hour, in Taipei time, with the separator of the language', ({ assert }) => {
    // 14:05Z is 22:05 in Taipei; 16:30Z already the next day there.
    assert.equal(formatDateTime('2026-12-01T14:05:00Z', 'en'), '2026-12-01 22:05')
    assert.equal(formatDateTime('2026-12-01T14:05:00Z', 'zh-TW'), '2026/12/01 22:05')
    assert.equal(formatDateTime('2026-12-01T16:30:09Z', 'en'), '2026-12-02 00:30')
    assert.equal(formatDateTime('2026-12-01T16:30:09Z', 'en', { seconds: true }), '2026-12-02 00:30:09')
    assert.equal(formatDay('2026-12-01T16:30:00Z', 'zh-TW'), '2026/12/02')
    assert.equal(formatMonthDay(new Date('2026-12-01T16:30:00Z'), 'en'), '12-02')
    // Any other language reads English.
    assert.equal(formatDateTime('2026-01-05T00:00:00Z', 'fr'), '2026-01-05 08:00')
  })

  test('a date column is written as it is, whatever the zone; nothing is written for nothing', ({ assert }) => {
    assert.equal(formatDay('2026-09-30', 'en'), '2026-09-30')
    assert.equal(formatDay('2026-09-30', 'zh-TW'), '2026/09/30')
    assert.equal(formatDay(null, 'en'), '')
    assert.equal(formatDateTime(undefined, 'zh-TW'), '')
    assert.equal(formatDateTime('not a date', 'en'), 'not a date')
  })

  test('what is typed is read as Taipei time, in either separator or as ISO 8601 without a zone', ({ assert }) => {
    assert.equal(parseDateTime('2026/12/02 08:15'), '2026-12-02T00:15:00.000Z')
    assert.equal(parseDateTime('2026-12-02 08:15'), '2026-12-02T00:15:00.000Z')
    assert.equal(parseDateTime('2026-12-02T08:15'), '2026-12-02T00:15:00.000Z')
    assert.equal(parseDateTime(' 2026-1-2 8:05:30 '), '2026-01-02T00:05:30.000Z')
    assert.equal(parseDay('2026/9/30'), '2026-09-30')
    // What was written reads back as the same instant, in both languages.
    for (const locale of ['en', 'zh-TW']) assert.equal(parseDateTime(formatDateTime('2026-06-30T17:30:00.000Z', locale)), '2026-06-30T17:30:00.000Z')
  })

  test('days and times that do not exist, and half-typed ones, are refused rather than moved', ({ assert }) => {
    for (const bad of ['', '2026/02/31 10:00', '2026-12-06 24:00', '2026-12-06 10:60', '2026-12-06 10:5', '06/12/2026 10:00', '2026-12-06', 'now']) {
      assert.isNull(parseDateTime(bad), bad)
    }
    for (const bad of ['2026-02-29', '2026-13-01', '2026-12-06 10:00', '12/06/2026']) assert.isNull(parseDay(bad), bad)
    assert.equal(parseDay('2028-02-29'), '2028-02-29')
  })

  test("the browser's own picker is given and read in Taipei wall-clock time", ({ assert }) => {
    assert.equal(toLocalInput('2025-12-31T23:59:00.000Z'), '2026-01-01T07:59')
    assert.equal(parseDateTime(toLocalInput('2025-12-31T23:59:00.000Z')), '2025-12-31T23:59:00.000Z')
    assert.equal(datePattern('zh-TW', true), 'YYYY/MM/DD HH:mm')
    assert.equal(datePattern('en', false), 'YYYY-MM-DD')
  })
})

test.group('Where each role lands', () => {
  test('each role starts on its own work', ({ assert }) => {
    assert.equal(landingOf({ role: 'noc' }), '/noc')
    assert.equal(landingOf({ role: 'admin' }), '/noc')
    assert.equal(landingOf({ role: 'analyst' }), ANALYST_LANDING)
    assert.equal(landingOf({ role: 'cio' }), CIO_LANDING)
    assert.equal(landingOf({ role: 'auditor' }), OVERVIEW_PATH)
    assert.equal(landingOf({ role: 'agency_liaison', agency_id: 42 }), '/agencies/42/show')
  })

  test('a liaison without an agency, or a role the console does not know, starts on the overview', ({ assert }) => {
    assert.equal(landingOf({ role: 'agency_liaison', agency_id: null }), OVERVIEW_PATH)
    assert.equal(landingOf({ role: 'agency_liaison', agency_id: '42/../../users' }), OVERVIEW_PATH)
    assert.equal(landingOf({ role: 'intruder' }), OVERVIEW_PATH)
    assert.equal(landingOf({}), OVERVIEW_PATH)
  })
})

test.group('Names on the board', () => {
  test("an agency is named in English for English readers when it has an English name", ({ assert }) => {
    assert.equal(nameIn('en', '教育部', 'Ministry of Education'), 'Ministry of Education')
    assert.equal(nameIn('zh-TW', '教育部', 'Ministry of Education'), '教育部')
    assert.equal(nameIn('en', '教育部', null), '教育部')
    assert.equal(nameIn('en', '教育部', ''), '教育部')
    const row = { agency_name: '國民及學前教育署', agency_name_en: 'K-12 Education Administration', ministry_name: '教育部', ministry_name_en: 'Ministry of Education' }
    assert.deepEqual(rowNames(row, 'en'), { ministry: 'Ministry of Education', agency: 'K-12 Education Administration' })
    assert.deepEqual(rowNames(row, 'zh-TW'), { ministry: '教育部', agency: '國民及學前教育署' })
  })
})

test.group('a report month, as the month pickers offer and word it', () => {
  test('every month from January of the first year to the month under way in Taipei, newest first, December kept', ({ assert }) => {
    // 2026-11-30 20:00 UTC is already December 1st in Taipei.
    const months = monthsSince(2024, new Date('2026-11-30T20:00:00Z'))
    assert.equal(months[0], '2026-12')
    assert.equal(months.at(-1), '2024-01')
    assert.lengthOf(months, 36)
    assert.includeMembers(months, ['2025-12', '2025-01', '2024-12'])
    assert.lengthOf(new Set(months), months.length)
    assert.equal(currentMonth(new Date('2026-11-30T20:00:00Z')), '2026-12')
    assert.equal(monthBefore('2026-01'), '2025-12')
    assert.equal(monthBefore('2026-12'), '2026-11')
  })

  test('worded in the reader\'s language, not the browser\'s', ({ assert }) => {
    assert.equal(formatMonth('2026-11', 'zh-TW'), '2026年11月')
    assert.equal(formatMonth('2026-11', 'en'), 'November 2026')
    assert.equal(formatMonth('2026-01', 'zh-TW'), '2026年1月')
  })
})
