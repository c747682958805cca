import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import type { AccessToken } from '@adonisjs/auth/access_tokens'
import { AccessTokensProvider } from '#app/access/access_tokens'
import type { Role } from '#app/access/roles'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

export default class User extends compose(BaseModel, AuthFinder) {
  static table = 'users'
  static accessTokens = AccessTokensProvider.forModel(User, { expiresIn: '365 days' })
  declare currentAccessToken?: AccessToken

  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare fullName: string | null
  @column({ serializeAs: null }) declare password: string
  @column() declare role: Role
  @column() declare agencyId: number | null
  @column() declare locale: string
  @column() declare active: boolean
  /** Sessions opened under another epoch are over (database/migrations/0013_auth_epoch.ts). */
  @column({ serializeAs: null }) declare authEpoch: number
  @column.dateTime() declare lastLoginAt: DateTime | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime

  /** National roles see the whole GSN; a user bound to an agency sees that agency's subtree. */
  get isNational() {
    return this.agencyId === null
  }
}
