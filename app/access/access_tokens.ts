import { AccessToken, DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import type { DbAccessTokensProviderOptions } from '@adonisjs/auth/types/access_tokens'
import { createHash } from 'node:crypto'
import { base64, type Secret } from '@adonisjs/core/helpers'
import type { LucidModel } from '@adonisjs/lucid/types/model'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

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
    return (await this.verifyWithAccount(tokenValue))?.token ?? null
  }

  /**
   * The token and the row of the account it belongs to, read in one statement: a request with a
   * token would otherwise wait on two round trips before its own work starts. Both come from the
   * same snapshot, so a token revoked or an account disabled in between cannot be half seen.
   * The account's columns come back prefixed (`account__email`); null when the account is gone.
   */
  async verifyWithAccount(tokenValue: Secret<string>) {
    const decoded = AccessToken.decode(this.prefix, tokenValue.release())
    if (!decoded) return null
    const db = await this.getDb()
    const model = this.options.tokenableModel
    const accountColumns = accountColumnsOf(model)
    const row = await db
      .query()
      .from(`${this.table} as t`)
      .leftJoin(`${model.table} as a`, 'a.id', 't.tokenable_id')
      .select('t.*', ...accountColumns.map((column) => `a.${column} as ${ACCOUNT_PREFIX}${column}`))
      .where({ 't.id': decoded.identifier, 't.type': this.type })
      .first()
    if (!row) return null
    const tokenRow: Record<string, unknown> = {}
    const accountRow: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(row)) {
      if (key.startsWith(ACCOUNT_PREFIX)) accountRow[key.slice(ACCOUNT_PREFIX.length)] = value
      else tokenRow[key] = value
    }
    const token = this.dbRowToAccessToken(tokenRow as any)
    if (!token.verify(decoded.secret) || token.isExpired()) return null
    const now = new Date()
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
      await db.from(this.table).where({ id: tokenRow.id, type: tokenRow.type }).update({ last_used_at: now })
      token.lastUsedAt = now
    }
    return { token, account: accountRow.id === null || accountRow.id === undefined ? null : accountRow }
  }

  /**
   * Stores a token whose secret the caller chose (the demo's agency tool, whose secret follows
   * from DEMO_PASSWORD, so it can be printed again on every start) as every token is stored: only
   * the secret's hash is kept. Through `client`, so it commits with the caller's transaction.
   * Answers the row's id and the token as sent (`oat_<id>.<secret>`).
   */
  async storeChosen(client: TokenClient, account: { id: number }, secret: string, options: { name: string; expiresAt: Date }) {
    const [row] = await client
      .insertQuery()
      .table(this.table)
      .insert({
        tokenable_id: account.id,
        type: this.type,
        name: options.name,
        hash: hashOf(secret),
        abilities: JSON.stringify(['*']),
        created_at: new Date(),
        updated_at: new Date(),
        last_used_at: null,
        expires_at: options.expiresAt,
      })
      .returning('id')
    const id = Number(typeof row === 'object' ? row.id : row)
    return { id, value: this.valueOf(id, secret) }
  }

  /** The stored token (id, account, expiry) whose secret is `secret`, or null: none, another type, or expired. */
  async findChosen(client: TokenClient, secret: string) {
    const row = await client.from(this.table).where({ type: this.type, hash: hashOf(secret) }).first()
    if (!row || (row.expires_at && new Date(row.expires_at).getTime() <= Date.now())) return null
    return { id: Number(row.id), accountId: Number(row.tokenable_id), expiresAt: new Date(row.expires_at), value: this.valueOf(Number(row.id), secret) }
  }

  /** What a client sends for token `id` with `secret`, the way AdonisJS writes its tokens. */
  private valueOf(id: number, secret: string) {
    return `${this.prefix}${base64.urlEncode(String(id))}.${base64.urlEncode(secret)}`
  }
}

type TokenClient = Pick<QueryClientContract, 'from' | 'insertQuery'>

/** AdonisJS keeps a token's SHA-256 (AccessToken.verify compares it). */
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex')

const ACCOUNT_PREFIX = 'account__'

/** The account table's columns as the model knows them (what hydrating it reads). */
function accountColumnsOf(model: LucidModel) {
  return [...model.$columnsDefinitions.values()].map((column) => column.columnName)
}
