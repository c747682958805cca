import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { DeviceKind } from '#app/device_health/health_rules'

/** The health thresholds of one device kind (health_rules.ts judges them). */
export default class DeviceHealthPolicy extends BaseModel {
  static table = 'device_health_policies'
  @column({ isPrimary: true }) declare id: number
  @column() declare deviceKind: DeviceKind
  @column() declare cpuPct: number
  @column() declare memoryPct: number
  @column() declare storagePct: number
  @column() declare temperatureC: number
  @column() declare sustainPolls: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
