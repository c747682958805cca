import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { IncidentType } from '#app/incidents/incident_workflow'
import type { CalendarKind } from '#app/service_levels/business_calendar'
import type { Priority, SlaTerms } from '#app/service_levels/sla_clock'

/** The targets of one incident type and priority; app/service_levels/sla_clock.ts counts them. */
export default class SlaPolicy extends BaseModel implements SlaTerms {
  static table = 'sla_policies'
  @column({ isPrimary: true }) declare id: number
  @column() declare type: IncidentType
  @column() declare priority: Priority
  @column() declare respondMinutes: number
  @column() declare resolveMinutes: number
  @column() declare calendar: CalendarKind
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
