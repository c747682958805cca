import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { ChangeStatus, ChangeType, Level } from '#shared/change_lifecycle'

/** A request for change: what is to be done, on which items, when, and how to undo it. */
export default class Change extends BaseModel {
  static table = 'changes'
  @column({ isPrimary: true }) declare id: number
  @column() declare number: string
  @column() declare title: string
  @column() declare description: string | null
  @column() declare type: ChangeType
  @column() declare status: ChangeStatus
  @column() declare risk: Level
  @column() declare impact: Level
  @column() declare assessment: string | null
  @column() declare backOutPlan: string
  @column() declare agencyId: number
  @column() declare templateId: number | null
  /** The board that decides it, chosen when it is submitted. */
  @column() declare boardId: number | null
  @column() declare requestedById: number | null
  @column.dateTime() declare plannedStart: DateTime
  @column.dateTime() declare plannedEnd: DateTime
  /** The maintenance window its scheduling opened. */
  @column() declare windowId: number | null
  @column.dateTime() declare submittedAt: DateTime | null
  @column.dateTime() declare decidedAt: DateTime | null
  @column.dateTime() declare implementedAt: DateTime | null
  @column.dateTime() declare closedAt: DateTime | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
