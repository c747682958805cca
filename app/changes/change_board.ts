import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A change advisory board: named members, and how many of them must approve. */
export default class ChangeBoard extends BaseModel {
  static table = 'change_boards'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column() declare changeType: 'normal' | 'emergency'
  @column() declare agencyId: number | null
  @column() declare quorum: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
