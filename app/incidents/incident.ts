import { DateTime } from 'luxon'
import { BaseModel, beforeCreate, column } from '@adonisjs/lucid/orm'
import type { IncidentStatus, IncidentType } from '#app/incidents/incident_workflow'
import type { Impact, Urgency } from '#shared/service_desk'
import type { SecurityAssessment, SecurityLevel } from '#shared/security_grading'

type StoredText = { key: string; params: unknown[] } | null
export type IncidentTexts = { title?: StoredText; description?: StoredText; resolution?: StoredText }

export default class Incident extends BaseModel {
  static table = 'incidents'
  @column({ isPrimary: true }) declare id: number
  @column() declare number: string
  @column() declare title: string
  @column() declare description: string | null
  @column() declare type: IncidentType
  @column() declare priority: 'P1' | 'P2' | 'P3' | 'P4'
  /** With urgency, what the priority matrix ranks; null on incidents given a priority directly. */
  @column() declare impact: Impact | null
  @column() declare urgency: Urgency | null
  /** The assignment group whose queue holds the incident. */
  @column() declare groupId: number | null
  @column() declare status: IncidentStatus
  @column() declare agencyId: number
  @column() declare reportedById: number | null
  @column() declare assigneeId: number | null
  @column() declare resolution: string | null
  /**
   * The title, description and resolution the system wrote, as messages worded for each reader
   * (incident_messages.ts); the columns keep their English for search and CSV.
   */
  @column({ prepare: (value: IncidentTexts | null) => (value ? JSON.stringify(value) : null), serializeAs: null })
  declare texts: IncidentTexts | null
  /** The major incident this one is a child of. */
  @column() declare parentId: number | null
  /** The problem this incident is one occurrence of; written only by linkProblem. */
  @column() declare problemId: number | null
  @column.dateTime() declare openedAt: DateTime
  @column.dateTime() declare acknowledgedAt: DateTime | null
  @column.dateTime() declare resolvedAt: DateTime | null
  @column.dateTime() declare closedAt: DateTime | null
  /** The SLA clock as it stood at the last change (app/service_levels/incident_sla.ts). */
  @column.dateTime() declare respondDueAt: DateTime | null
  @column.dateTime() declare resolveDueAt: DateTime | null
  /** The next breach of a running clock: null while paused or stopped. Queues sort by it. */
  @column.dateTime() declare slaDueAt: DateTime | null
  @column() declare slaPaused: boolean
  @column() declare slaBreached: boolean
  /** A security incident's level (資通安全事件等級 1–4) and whether G-ISAC has reviewed it (app/security_grading/). */
  @column() declare securityLevel: SecurityLevel | null
  @column() declare securityLevelReviewed: boolean
  @column({ prepare: (value: SecurityAssessment | null) => (value ? JSON.stringify(value) : null) })
  declare securityAssessment: SecurityAssessment | null
  /** When the agency became aware of it, if earlier than the opening: the legal clocks start here. */
  @column.dateTime() declare awareAt: DateTime | null
  /** When the report to the authority was last sent. */
  @column.dateTime() declare authorityReportSentAt: DateTime | null
  /** The nearest deadline of a legal clock not yet met (a breached one's is past); null when none runs. The analyst's queue sorts by it. */
  @column.dateTime() declare legalDueAt: DateTime | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime

  /** A new incident answers its security fields (null, not graded) like every other column. */
  @beforeCreate()
  static securityDefaults(row: Incident) {
    row.securityLevel ??= null
    row.securityLevelReviewed ??= false
    row.securityAssessment ??= null
    row.awareAt ??= null
    row.authorityReportSentAt ??= null
    row.legalDueAt ??= null
  }
}
