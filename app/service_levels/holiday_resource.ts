import vine from '@vinejs/vine'
import CalendarDay from '#app/service_levels/calendar_day'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { isoDate } from '#app/core/vine_rules'
import { served } from '#app/core/registration'
import { DAY_KINDS } from '#shared/service_levels'
import { termsChanged } from '#app/service_levels/incident_sla'
import { SERVICE_LEVEL_GRANTS } from '#app/service_levels/sla_policy_resource'

export const holidayValidator = vine.create({
  date: isoDate(),
  kind: vine.enum(DAY_KINDS),
  name_en: vine.string().trim().minLength(1).maxLength(200),
  name_zh: vine.string().trim().minLength(1).maxLength(200),
})

/**
 * The office calendar's exceptions to its weekdays (table calendar_days): holidays and Taiwan's
 * make-up working days (補班日). Business-hours clocks of open incidents follow each change.
 */
export const holidays = served('holidays', { grants: SERVICE_LEVEL_GRANTS }, {
  model: CalendarDay,
  validator: holidayValidator,
  filters: {
    fields: { date: 'range', kind: 'exact' },
    sortable: ['date', 'kind', 'name_en', 'name_zh'],
    defaultSort: ['date', 'ASC'],
  },
  searchExpression: "name_en || ' ' || name_zh",
  agencyColumn: null,
  naturalKey: 'date',
  csvColumns: ['date', 'kind', 'name_en', 'name_zh'],

  async prepare({ row, trx }) {
    const date = row.date.toISODate()!
    const taken = await trx.from('calendar_days').where('date', date).whereNot('id', row.id ?? 0).first()
    if (taken) throw new FieldError('date', message('sla.day_exists', { date }))
  },
  async afterSave({ trx }) {
    await termsChanged(trx, { calendar: true })
  },
  async afterDelete({ trx }) {
    await termsChanged(trx, { calendar: true })
  },
})
