import { DateTime } from 'luxon'
import encryption from '@adonisjs/core/services/encryption'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { EventType, Priority } from '#app/notifications/events'

/** Where notifications go: a list of e-mail addresses or a signed webhook. */
export default class NotificationChannel extends BaseModel {
  static table = 'notification_channels'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column() declare kind: 'email' | 'webhook'
  @column() declare target: string
  /** Sealed with the app's key (AES-256-GCM), like device SNMP credentials; never serialised. */
  @column({ serializeAs: null }) declare secret: string | null
  @column.dateTime() declare secretSetAt: DateTime | null
  @column({ prepare: (v: unknown) => JSON.stringify(v ?? []) }) declare eventTypes: EventType[]
  @column() declare minPriority: Priority
  @column() declare agencyId: number | null
  @column() declare enabled: boolean
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime

  static seal(secret: string) {
    return encryption.encrypt(secret)
  }

  /** The signing secret in clear, for the sender only. */
  openSecret(): string | null {
    if (!this.secret) return null
    const plain = encryption.decrypt<string>(this.secret)
    if (plain === null) throw new Error(`the secret of channel ${this.id} cannot be decrypted with the current APP_KEY`)
    return plain
  }
}
