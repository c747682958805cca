import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { LinkKind } from '#app/monitoring/link_health/link_state'

/**
 * The line quality thresholds of one link class (quality_rules.ts judges the probes by them).
 * Losses are shares of the probes (0.05 is 5%), as the rules read them.
 */
export default class LineQualityPolicy extends BaseModel {
  static table = 'line_quality_policies'
  @column({ isPrimary: true }) declare id: number
  @column() declare linkKind: LinkKind
  @column() declare lossDegraded: number
  @column() declare lossDown: number
  @column() declare rttDegradedMs: number
  @column() declare jitterDegradedMs: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
