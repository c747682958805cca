import vine from '@vinejs/vine'
import BusinessHoursSettings from '#app/service_levels/business_hours_settings'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { served } from '#app/core/registration'
import { WEEKDAYS } from '#shared/service_levels'
import { termsChanged } from '#app/service_levels/incident_sla'
import { SERVICE_LEVEL_GRANTS } from '#app/service_levels/sla_policy_resource'

/** HH:mm, seconds allowed (PostgreSQL answers a time with them). */
const timeOfDay = () => vine.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/)

export const businessHoursValidator = vine.create({
  weekdays: vine.array(vine.enum(WEEKDAYS)).minLength(1).maxLength(7),
  opens_at: timeOfDay(),
  closes_at: timeOfDay(),
})

const seconds = (time: string) => time.split(':').reduce((sum, part, i) => sum + Number(part) * [3600, 60, 1][i], 0)

/**
 * The office hours business-hours clocks count: one row (id 1), read by all who read the
 * policies and changed by admins; it is never created or deleted over HTTP.
 */
export const businessHours = served('business_hours', { grants: { ...SERVICE_LEVEL_GRANTS, admin: 'ru' } }, {
  model: BusinessHoursSettings,
  validator: businessHoursValidator,
  filters: { fields: {}, sortable: [], defaultSort: ['id', 'ASC'] },
  searchExpression: "''",
  agencyColumn: null,
  naturalKey: 'id',
  csvColumns: ['weekdays', 'opens_at', 'closes_at'],

  prepare({ row }) {
    if (new Set(row.weekdays).size !== row.weekdays.length) throw new FieldError('weekdays', message('sla.weekdays_distinct'))
    row.weekdays = row.weekdays.toSorted((a, b) => a - b)
    if (seconds(row.opensAt) >= seconds(row.closesAt)) throw new FieldError('closes_at', message('sla.hours_order'))
  },
  async afterSave({ trx }) {
    await termsChanged(trx, { calendar: true })
  },
})
