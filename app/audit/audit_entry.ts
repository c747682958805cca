import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** One row of the append-only, hash-chained audit log. Written only by audit_log.ts. */
export default class AuditEntry extends BaseModel {
  static table = 'audit_log'
  @column({ isPrimary: true, consume: Number }) declare id: number
  @column.dateTime() declare at: DateTime
  @column() declare actorId: number | null
  @column() declare actorEmail: string | null
  @column() declare action: 'create' | 'update' | 'delete'
  @column() declare entity: string
  @column() declare entityId: string
  @column() declare before: Record<string, unknown> | null
  @column() declare after: Record<string, unknown> | null
  @column() declare prevHash: string
  @column() declare hash: string
}
