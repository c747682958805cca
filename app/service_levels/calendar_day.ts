import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { dateColumn } from '#app/core/dates'
import type { DayKind } from '#app/service_levels/business_calendar'

/** A date the office calendar moves: a weekday off, or a Saturday worked (補班日). */
export default class CalendarDay extends BaseModel {
  static table = 'calendar_days'
  @column({ isPrimary: true }) declare id: number
  @column.date(dateColumn) declare date: DateTime
  @column() declare kind: DayKind
  @column() declare nameEn: string
  @column() declare nameZh: string
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
