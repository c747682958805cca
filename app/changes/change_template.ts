import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A pre-approved standard change: raised from it, a change needs no board. */
export default class ChangeTemplate extends BaseModel {
  static table = 'change_templates'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column() declare description: string
  @column() declare risk: 'low' | 'medium' | 'high'
  @column() declare backOutPlan: string
  @column() declare active: boolean
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
