import { AccessToken, DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import type { DbAccessTokensProviderOptions } from '@adonisjs/auth/types/access_tokens'
import type { Secret } from '@adonisjs/core/helpers'
import type { LucidModel } from '@adonisjs/lucid/types/model'

/** last_used_at is read by people in the token list ("used a minute ago"), not to the millisecond. */
export const LAST_USED_PRECISION_MS = 60_000

/**
 * AdonisJS's token store, except that a token's last use is written at most once a minute rather
 * than on every request: a script calling the API 200 times a second would otherwise commit 200
 * UPDATEs (and flush the write-ahead log 200 times) a second for one timestamp. It is also written
 * only once the secret is verified, so a wrong secret for a known token id changes nothing.
 * Nothing is cached: a revoked or expired token is refused on its next request.
 */
export class AccessTokensProvider<M extends LucidModel> extends DbAccessTokensProvider<M> {
  static forModel<M extends LucidModel>(model: DbAccessTokensProviderOptions<M>['tokenableModel'], options?: Omit<DbAccessTokensProviderOptions<M>, 'tokenableModel'>) {
    return new AccessTokensProvider<M>({ tokenableModel: model, ...(options ?? {}) })
  }

  async verify(tokenValue: Secret<string>) {
    const decoded = AccessToken.decode(this.prefix, tokenValue.release())
    if (!decoded) return null
    const db = await this.getDb()
    const row = await db.query().from(this.table).where({ id: decoded.identifier, type: this.type }).first()
    if (!row) return null
    const token = this.dbRowToAccessToken(row)
    if (!token.verify(decoded.secret) || token.isExpired()) return null
    const now = new Date()
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
      await db.from(this.table).where({ id: row.id, type: row.type }).update({ last_used_at: now })
      token.lastUsedAt = now
    }
    return token
  }
}
