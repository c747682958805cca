import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { IndicatorType } from '#app/indicators/indicator_values'
import type { Tlp } from '#app/indicators/visibility'

/** Something an attack leaves that others can look for: an address, a name, a hash; marked for sharing with TLP. */
export class Indicator extends BaseModel {
  static table = 'indicators'
  @column({ isPrimary: true }) declare id: number
  @column() declare type: IndicatorType
  @column() declare value: string
  @column() declare tlp: Tlp
  @column() declare sourceAgencyId: number | null
  @column() declare sharingGroupId: number | null
  @column() declare confidence: number
  @column() declare description: string | null
  @column.dateTime() declare firstSeenAt: DateTime | null
  @column.dateTime() declare lastSeenAt: DateTime | null
  @column.dateTime() declare expiresAt: DateTime | null
  @column() declare stixId: string
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}

/** Agencies that share indicators among themselves (a sector, a region, an incident's victims). */
export class SharingGroup extends BaseModel {
  static table = 'sharing_groups'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column() declare description: string | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}

/** Where an indicator was seen: a flow (live or found by a retro-hunt), a security event, an incident. */
export class Sighting extends BaseModel {
  static table = 'indicator_sightings'
  // bigint in PostgreSQL, which the driver hands over as text; far below 2^53 for any real count.
  @column({ isPrimary: true, consume: Number }) declare id: number
  @column() declare indicatorId: number
  @column() declare agencyId: number | null
  @column() declare source: 'flow' | 'retro_hunt' | 'event' | 'incident' | 'report'
  @column({ consume: (v) => (v === null ? null : Number(v)) }) declare securityEventId: number | null
  @column() declare incidentId: number | null
  @column.dateTime() declare flowFirstAt: DateTime | null
  @column() declare srcAddr: string | null
  @column() declare dstAddr: string | null
  @column() declare srcPort: number | null
  @column() declare dstPort: number | null
  @column() declare protocol: number | null
  @column.dateTime() declare seenAt: DateTime
  @column() declare count: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
