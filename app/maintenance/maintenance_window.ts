import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * A time during which the alarms of the links and devices it names stay silent: their state is
 * still tracked, but no incident opens and nobody is notified. Entered by hand for now; approved
 * changes will open them later (change_ref).
 */
export default class MaintenanceWindow extends BaseModel {
  static table = 'maintenance_windows'
  @column({ isPrimary: true }) declare id: number
  @column() declare title: string
  @column.dateTime() declare startsAt: DateTime
  @column.dateTime() declare endsAt: DateTime
  @column() declare reason: string
  @column() declare changeRef: string | null
  @column() declare createdById: number | null
  @column() declare agencyId: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
