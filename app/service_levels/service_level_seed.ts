import db from '@adonisjs/lucid/services/db'
import { DEFAULT_SLA_POLICIES } from '#app/service_levels/default_policies'
import { TAIWAN_CALENDAR } from '#app/service_levels/taiwan_calendar'
import { forgetTerms } from '#app/service_levels/sla_terms'

/**
 * The default policies and Taiwan's office calendar for `year` (and the next, where known), for
 * the demo and a new installation. What an admin has already set is kept: a policy or a date
 * already there is left as it is. The office hours are the migration's row (Mon–Fri 08:30–17:30).
 */
export async function seedServiceLevels(year: number) {
  const days = TAIWAN_CALENDAR.filter((d) => d.date.startsWith(`${year}-`) || d.date.startsWith(`${year + 1}-`))
  const counts = await db.transaction(async (trx) => {
    const policies = await trx
      .insertQuery()
      .table('sla_policies')
      .insert(
        DEFAULT_SLA_POLICIES.map((p) => ({
          type: p.type, priority: p.priority, respond_minutes: p.respondMinutes, resolve_minutes: p.resolveMinutes, calendar: p.calendar,
        }))
      )
      .knexQuery.onConflict(['type', 'priority'])
      .ignore()
      .returning('id')
    const calendar = days.length
      ? await trx
          .insertQuery()
          .table('calendar_days')
          .insert(days.map((d) => ({ date: d.date, kind: d.kind, name_en: d.nameEn, name_zh: d.nameZh })))
          .knexQuery.onConflict(['date'])
          .ignore()
          .returning('id')
      : []
    return { policies: policies.length, days: calendar.length }
  })
  forgetTerms()
  return counts
}
