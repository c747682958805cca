import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { RuleName, RuleSettings } from '#app/detections/rule_settings'

/** One detection rule as an admin tuned it (rule_settings.ts): on or off, and its thresholds. */
export default class DetectionRule extends BaseModel {
  static table = 'detection_rules'
  @column({ isPrimary: true }) declare id: number
  @column() declare rule: RuleName
  @column() declare enabled: boolean
  @column({ prepare: (value: RuleSettings) => JSON.stringify(value) }) declare settings: RuleSettings
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
