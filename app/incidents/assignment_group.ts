import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { GroupKind } from '#shared/service_desk'
import type { Region } from '#app/agencies/agency'
import type { IncidentType } from '#app/incidents/incident_workflow'
import type { Impact, Urgency } from '#shared/service_desk'
import type { Priority } from '#app/incidents/priority_matrix'

/** A team that works incidents from its own queue: the NOC, G-ISAC, a regional team, an agency's IT team. */
export class AssignmentGroup extends BaseModel {
  static table = 'assignment_groups'
  @column({ isPrimary: true }) declare id: number
  @column() declare code: string
  @column() declare name: string
  @column() declare nameEn: string | null
  @column() declare kind: GroupKind
  @column() declare region: Region | null
  @column() declare agencyId: number | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}

/** Sends new incidents of a type, an agency (and those below it) or both to a group. */
export class RoutingRule extends BaseModel {
  static table = 'routing_rules'
  @column({ isPrimary: true }) declare id: number
  @column() declare position: number
  @column() declare type: IncidentType | null
  @column() declare agencyId: number | null
  @column() declare groupId: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}

/** One cell of the priority matrix. */
export class PriorityCell extends BaseModel {
  static table = 'priority_matrix'
  @column({ isPrimary: true }) declare id: number
  @column() declare impact: Impact
  @column() declare urgency: Urgency
  @column() declare priority: Priority
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
