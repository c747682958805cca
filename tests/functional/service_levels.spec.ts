import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import SlaPolicy from '#app/service_levels/sla_policy'
import CalendarDay from '#app/service_levels/calendar_day'
import BusinessHoursSettings from '#app/service_levels/business_hours_settings'
import { loadBusinessTime } from '#app/service_levels/office_calendar'
import { DEFAULT_SLA_POLICIES } from '#app/service_levels/default_policies'
import { TAIWAN_CALENDAR } from '#app/service_levels/taiwan_calendar'
import { MINUTE, tpe } from '#tests/unit/service_levels/support'

/**
 * Each test works in a transaction it rolls back, so the seed rows it writes do not collide with
 * a seeder's in a later file. The default connection is the application's role, as the console's.
 */
async function rolledBack(work: (trx: TransactionClientContract) => Promise<void>) {
  const trx = await db.transaction()
  try {
    await work(trx)
  } finally {
    await trx.rollback()
  }
}

/** The PostgreSQL error code a write fails with, or null if it succeeds. */
async function failure(work: (trx: TransactionClientContract) => Promise<unknown>) {
  let code: string | null = null
  await rolledBack(async (trx) => {
    try {
      await work(trx)
    } catch (error) {
      code = (error as { code?: string }).code ?? 'unknown'
    }
  })
  return code
}

test.group('service levels: tables', () => {
  test('the application role writes and reads the seed data through the models', async ({ assert }) => {
    await rolledBack(async (trx) => {
      // Other files leave policies and dates of their own; this one counts on the seed's alone.
      await trx.from('sla_policies').delete()
      await trx.from('calendar_days').delete()
      await SlaPolicy.createMany(DEFAULT_SLA_POLICIES.map((p) => ({ ...p })), { client: trx })
      await CalendarDay.createMany(TAIWAN_CALENDAR.map((d) => ({ ...d, date: DateTime.fromISO(d.date) })), { client: trx })
      const p4 = await SlaPolicy.query({ client: trx }).where({ type: 'service', priority: 'P4' }).firstOrFail()
      assert.deepInclude(p4.serialize(), { respond_minutes: 540, resolve_minutes: 2700, calendar: 'business' })
      const lunarEve = await CalendarDay.query({ client: trx }).where('date', '2026-02-16').firstOrFail()
      assert.deepInclude(lunarEve.serialize(), { date: '2026-02-16', kind: 'holiday', name_zh: '農曆除夕' })

      p4.merge({ respondMinutes: 480 })
      await p4.useTransaction(trx).save()
      await lunarEve.useTransaction(trx).delete()
      assert.equal((await SlaPolicy.query({ client: trx }).where('id', p4.id).firstOrFail()).respondMinutes, 480)
      assert.isNull(await CalendarDay.query({ client: trx }).where('date', '2026-02-16').first())
    })
  })

  test('the office hours start as one row, Monday to Friday 08:30–17:30', async ({ assert }) => {
    const rows = await BusinessHoursSettings.all()
    assert.lengthOf(rows, 1)
    assert.deepInclude(rows[0].serialize(), { id: 1, weekdays: [1, 2, 3, 4, 5], opens_at: '08:30:00', closes_at: '17:30:00' })
  })

  test('the tables refuse what the clock cannot use', async ({ assert }) => {
    const policy = { type: 'service', priority: 'P1', respond_minutes: 15, resolve_minutes: 240, calendar: '24x7' }
    assert.equal(await failure((trx) => trx.table('sla_policies').multiInsert([policy, { ...policy, respond_minutes: 30 }])), '23505')
    assert.equal(await failure((trx) => trx.table('sla_policies').insert({ ...policy, respond_minutes: 0 })), '23514')
    assert.equal(await failure((trx) => trx.table('sla_policies').insert({ ...policy, calendar: 'weekdays' })), '23514')
    const day = { date: '2026-02-16', kind: 'holiday', name_en: "Lunar New Year's Eve", name_zh: '農曆除夕' }
    assert.equal(await failure((trx) => trx.table('calendar_days').multiInsert([day, { ...day, kind: 'working_day' }])), '23505')
    assert.equal(await failure((trx) => trx.table('calendar_days').insert({ ...day, kind: 'bridge' })), '23514')
    assert.equal(await failure((trx) => trx.table('business_hours').insert({ id: 2 })), '23514')
    assert.equal(await failure((trx) => trx.from('business_hours').update({ opens_at: '18:00' })), '23514')
    assert.equal(await failure((trx) => trx.from('business_hours').update({ weekdays: [] })), '23514')
    assert.equal(await failure((trx) => trx.from('business_hours').update({ weekdays: [1, 8] })), '23514')
    assert.isNull(await failure((trx) => trx.from('business_hours').update({ weekdays: [1, 2, 3, 4, 5, 6] })))
  })
})

test.group('service levels: the office calendar as kept', () => {
  test('business time follows the stored hours, holidays and make-up days', async ({ assert }) => {
    await rolledBack(async (trx) => {
      await trx.table('calendar_days').multiInsert([
        { date: '2025-02-07', kind: 'holiday', name_en: 'Test holiday', name_zh: '測試假日' },
        { date: '2025-02-08', kind: 'working_day', name_en: 'Make-up working day', name_zh: '補行上班' },
      ])
      await trx.from('business_hours').update({ opens_at: '09:00', closes_at: '18:00' })
      const time = await loadBusinessTime(trx)
      // Friday off, Saturday worked, and the day from 09:00 to 18:00.
      assert.equal(time.add(tpe('2025-02-06 17:30'), 60 * MINUTE).toISOString(), tpe('2025-02-08 09:30').toISOString())
      assert.equal(time.between(tpe('2025-02-06 00:00'), tpe('2025-02-11 00:00')), 3 * 9 * 60 * MINUTE)
      assert.equal(time.add(tpe('2025-02-10 17:30'), 60 * MINUTE).toISOString(), tpe('2025-02-11 09:30').toISOString())
    })
  })
})
