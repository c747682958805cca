import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** The office hours business-hours SLAs count, in Taipei: the single row of business_hours (id 1). */
export default class BusinessHoursSettings extends BaseModel {
  static table = 'business_hours'
  @column({ isPrimary: true }) declare id: number
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  @column() declare weekdays: number[]
  /** HH:mm:ss, as PostgreSQL returns a time. */
  @column() declare opensAt: string
  @column() declare closesAt: string
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
