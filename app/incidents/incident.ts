import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { IncidentStatus, IncidentType } from '#app/incidents/incident_workflow'

export default class Incident extends BaseModel {
  static table = 'incidents'
  @column({ isPrimary: true }) declare id: number
  @column() declare number: string
  @column() declare title: string
  @column() declare description: string | null
  @column() declare type: IncidentType
  @column() declare priority: 'P1' | 'P2' | 'P3' | 'P4'
  @column() declare status: IncidentStatus
  @column() declare agencyId: number
  @column() declare reportedById: number | null
  @column() declare assigneeId: number | null
  @column() declare resolution: string | null
  @column.dateTime() declare openedAt: DateTime
  @column.dateTime() declare acknowledgedAt: DateTime | null
  @column.dateTime() declare resolvedAt: DateTime | null
  @column.dateTime() declare closedAt: DateTime | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
