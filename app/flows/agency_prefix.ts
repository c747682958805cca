import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** An address block an agency's hosts use: flows are placed in agencies by the longest of these that holds their address. */
export default class AgencyPrefix extends BaseModel {
  static table = 'agency_prefixes'
  @column({ isPrimary: true }) declare id: number
  @column() declare agencyId: number
  /** CIDR text as PostgreSQL writes it back (10.1.0.0/16, 2001:db8::/32). */
  @column() declare prefix: string
  @column() declare description: string | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
