import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { dateColumn } from '#app/core/dates'
import type { PROJECT_KINDS, PROJECT_STATUSES } from '#shared/programme'

/** A data centre's closure or a line cut-over, with its plan (see migration 0040). */
export default class ConsolidationProject extends BaseModel {
  static table = 'consolidation_projects'
  @column({ isPrimary: true }) declare id: number
  @column() declare code: string
  @column() declare name: string
  @column() declare kind: (typeof PROJECT_KINDS)[number]
  @column() declare agencyId: number
  @column() declare sourceDataCentreId: number | null
  @column() declare receivingDataCentreId: number | null
  @column() declare uplinkId: number | null
  @column() declare linesToCut: number | null
  /** The information systems to move or merge into the shared ones (personnel, payroll…), as written. */
  @column() declare systems: string | null
  @column() declare wave: number
  @column() declare status: (typeof PROJECT_STATUSES)[number]
  @column() declare owner: string | null
  @column() declare blockers: string | null
  @column.date(dateColumn) declare plannedDate: DateTime
  @column.date(dateColumn) declare actualDate: DateTime | null
  @column() declare changeId: number | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
