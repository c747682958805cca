import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { dateColumn } from '#app/core/dates'

/**
 * A circuit: one of the 17,485 legacy agency lines, or one of the ~40 ministry uplinks they
 * fold into. The device and ifIndex say which interface the SNMP collectors read for it.
 */
export default class Link extends BaseModel {
  static table = 'links'
  @column({ isPrimary: true }) declare id: number
  @column() declare circuitId: string
  @column() declare name: string
  @column() declare kind: 'legacy' | 'uplink'
  @column() declare agencyId: number
  @column() declare aEnd: string
  @column() declare zEnd: string
  @column({ consume: (v) => (v === null ? null : Number(v)) }) declare bandwidthKbps: number
  @column() declare deviceId: number | null
  @column() declare ifIndex: number | null
  @column() declare status: 'active' | 'migrating' | 'decommissioned'
  @column() declare consolidatedIntoId: number | null
  @column.date(dateColumn) declare decommissionDate: DateTime | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
