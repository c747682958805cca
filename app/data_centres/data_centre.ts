import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { dateColumn } from '#app/core/dates'
import type { Region } from '#app/agencies/agency'

export default class DataCentre extends BaseModel {
  static table = 'data_centres'
  @column({ isPrimary: true }) declare id: number
  @column() declare code: string
  @column() declare name: string
  @column() declare agencyId: number
  @column() declare region: Region
  @column() declare status: 'operating' | 'consolidating' | 'closed'
  /** The shared (共構) data centre this one's racks move into. */
  @column() declare consolidatedIntoId: number | null
  @column.date(dateColumn) declare closureDate: DateTime | null
  @column() declare racks: number
  @column() declare servers: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
