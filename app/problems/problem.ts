import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { ProblemStatus } from '#shared/problem_lifecycle'

export default class Problem extends BaseModel {
  static table = 'problems'
  @column({ isPrimary: true }) declare id: number
  @column() declare number: string
  @column() declare title: string
  /** The symptoms the service desk recognises it by. */
  @column() declare description: string | null
  @column() declare priority: 'P1' | 'P2' | 'P3' | 'P4'
  @column() declare status: ProblemStatus
  /** Null for a national problem, which only national accounts see. */
  @column() declare agencyId: number | null
  @column() declare reportedById: number | null
  @column() declare rootCause: string | null
  @column() declare workaround: string | null
  @column() declare resolution: string | null
  @column.dateTime() declare openedAt: DateTime
  @column.dateTime() declare knownErrorAt: DateTime | null
  @column.dateTime() declare resolvedAt: DateTime | null
  @column.dateTime() declare closedAt: DateTime | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}

/** The service desk's view of problems whose root cause and workaround are recorded (read only). */
export class KnownError extends BaseModel {
  static table = 'known_errors'
  @column({ isPrimary: true }) declare id: number
  @column() declare number: string
  @column() declare title: string
  @column() declare symptoms: string | null
  @column() declare rootCause: string
  @column() declare workaround: string
  @column() declare resolution: string | null
  @column() declare priority: string
  @column() declare status: ProblemStatus
  @column() declare agencyId: number | null
  @column.dateTime() declare knownErrorAt: DateTime | null
  @column.dateTime() declare resolvedAt: DateTime | null
  @column.dateTime() declare updatedAt: DateTime
}
