import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { dateColumn } from '#app/core/dates'

import { SYSTEM_CATEGORIES } from '#shared/information_systems'

export { SYSTEM_CATEGORIES }

export default class InformationSystem extends BaseModel {
  static table = 'information_systems'
  @column({ isPrimary: true }) declare id: number
  @column() declare code: string
  @column() declare name: string
  @column() declare agencyId: number
  @column() declare dataCentreId: number | null
  @column() declare category: (typeof SYSTEM_CATEGORIES)[number]
  @column() declare status: 'active' | 'migrating' | 'merged' | 'retired'
  /** The shared system that replaced this one. */
  @column() declare mergedIntoId: number | null
  @column.date(dateColumn) declare retirementDate: DateTime | null
  /** A core system (核心資通系統): a security incident touching it grades higher. */
  @column() declare core: boolean
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
