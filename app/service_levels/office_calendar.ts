import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { businessTime, type DayKind, type WorkingTime } from '#app/service_levels/business_calendar'
import BusinessHoursSettings from '#app/service_levels/business_hours_settings'

/**
 * The business time the admin keeps: the office hours and every date of the calendar (a few
 * dozen a year, so all of them; read them again after an admin changes either). Dates are read
 * as text, so the process's time zone cannot shift a holiday by a day.
 */
export async function loadBusinessTime(client: QueryClientContract = db.connection()): Promise<WorkingTime> {
  const hours = await BusinessHoursSettings.findOrFail(1, { client })
  const days: { date: string; kind: DayKind }[] = await client
    .from('calendar_days')
    .select(client.raw(`to_char(date, 'YYYY-MM-DD') AS date`), 'kind')
  return businessTime({ weekdays: hours.weekdays, opens: hours.opensAt, closes: hours.closesAt }, new Map(days.map((d) => [d.date, d.kind])))
}
