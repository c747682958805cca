import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { LegalClockName } from '#shared/security_grading'

/** One legal clock's durations (legal_clocks.ts counts them): hours, or calendar months in Taipei. */
export default class LegalClockPolicy extends BaseModel {
  static table = 'legal_clock_policies'
  @column({ isPrimary: true }) declare id: number
  @column() declare clock: LegalClockName
  @column() declare unit: 'hours' | 'months'
  @column({ columnName: 'levels_1_2', serializeAs: 'levels_1_2' }) declare levels12: number
  @column({ columnName: 'levels_3_4', serializeAs: 'levels_3_4' }) declare levels34: number
  @column() declare warningPercent: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
