import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { Region } from '#app/agencies/agency'
import { openCredentials } from '#app/devices/snmp_credentials'

/** A router, switch or firewall that the SNMP collectors poll. */
export default class Device extends BaseModel {
  static table = 'devices'
  @column({ isPrimary: true }) declare id: number
  @column() declare hostname: string
  @column() declare kind: 'router' | 'switch' | 'firewall'
  @column() declare managementAddress: string
  @column() declare region: Region
  @column() declare agencyId: number
  @column() declare vendor: string | null
  @column() declare model: string | null
  @column() declare snmpVersion: '2c' | '3'
  @column() declare snmpPort: number
  @column({ serializeAs: null }) declare snmpCredentials: string | null
  @column() declare pollIntervalS: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime

  credentials() {
    return openCredentials(this.snmpCredentials)
  }
}
