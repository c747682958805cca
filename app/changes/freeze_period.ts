import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A time no change should run in (elections, year-end closing): changes in it are warned. */
export default class FreezePeriod extends BaseModel {
  static table = 'freeze_periods'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column.dateTime() declare startsAt: DateTime
  @column.dateTime() declare endsAt: DateTime
  @column() declare reason: string
  @column() declare agencyId: number | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
