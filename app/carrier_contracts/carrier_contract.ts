import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { dateColumn } from '#app/core/dates'

const numeric = { consume: (v: unknown) => (v === null || v === undefined ? null : Number(v)) }

/**
 * What a carrier promised for one line: availability outside maintenance windows, a round trip
 * at a percentile of the month's 5-minute medians, and packet loss. The agency is the link's,
 * copied on every write so the agency scope reads it as on any inventory row.
 */
export default class CarrierContract extends BaseModel {
  static table = 'carrier_contracts'
  @column({ isPrimary: true }) declare id: number
  @column() declare linkId: number
  @column() declare agencyId: number
  @column() declare carrier: string
  @column() declare contractRef: string
  @column(numeric) declare availabilityPct: number
  @column(numeric) declare latencyMs: number
  @column() declare latencyPercentile: 50 | 95 | 99
  @column(numeric) declare lossPct: number
  @column.date(dateColumn) declare startsOn: DateTime | null
  @column.date(dateColumn) declare endsOn: DateTime | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
