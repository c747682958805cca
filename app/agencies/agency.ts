import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type Region = 'north' | 'central' | 'south' | 'east'

/** A government agency: the Executive Yuan, a ministry or council, or an agency below one. */
export default class Agency extends BaseModel {
  static table = 'agencies'
  @column({ isPrimary: true }) declare id: number
  @column() declare code: string
  @column() declare name: string
  @column() declare nameEn: string | null
  @column() declare level: number
  @column() declare kind: 'central' | 'municipality' | 'county'
  @column() declare region: Region
  @column() declare parentId: number | null
  /** The ministry whose shared uplink and data centre this agency folds into. */
  @column() declare hubAgencyId: number | null
  @column({ serializeAs: null }) declare path: string
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
}
