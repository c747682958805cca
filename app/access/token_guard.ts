import { AccessTokensGuard, AccessTokensLucidUserProvider } from '@adonisjs/auth/access_tokens'
import type { AccessTokensLucidUserProviderOptions } from '@adonisjs/auth/types/access_tokens'
import type { GuardConfigProvider } from '@adonisjs/auth/types'
import type { HttpContext } from '@adonisjs/core/http'
import type { Secret } from '@adonisjs/core/helpers'
import type { LucidModel } from '@adonisjs/lucid/types/model'
import type { AccessTokensProvider } from '#app/access/access_tokens'

type TokenableModel = LucidModel & { accessTokens: AccessTokensProvider<LucidModel> }

/**
 * AdonisJS's token guard asks its user provider for the token, then for the account by id: two
 * statements before a script's request does any work of its own. This provider reads both in one
 * (AccessTokensProvider.verifyWithAccount) and hands the guard the account it read with the token.
 * One is made for each request (`forRequest`), so an account read for one request's token is
 * never handed to another request.
 */
export class AccountTokensUserProvider<M extends TokenableModel> extends AccessTokensLucidUserProvider<'accessTokens', M> {
  #account: InstanceType<M> | null = null
  #shared: Promise<M> | null = null

  /**
   * The account model, imported once. AdonisJS's provider imports it again on every request when
   * the process runs with hot module hooks (`node ace serve --hmr`, ts-exec), which cost a round
   * trip to the loader's thread per request: 7% of the server's time under load.
   */
  async getModel(): Promise<M> {
    this.#shared ??= super.getModel()
    return this.#shared
  }

  forRequest() {
    const provider = new AccountTokensUserProvider<M>(this.options)
    provider.#shared = this.getModel()
    return provider
  }

  async verifyToken(tokenValue: Secret<string>) {
    const model = await this.getModel()
    const found = await model.accessTokens.verifyWithAccount(tokenValue)
    this.#account = found?.account ? (model.$createFromAdapterResult(found.account) as InstanceType<M>) : null
    return found?.token ?? null
  }

  async findById(identifier: string | number | BigInt) {
    const account = this.#account
    if (account && String(account.$primaryKeyValue) === String(identifier)) return this.createUserForGuard(account)
    return super.findById(identifier)
  }
}

/** The `api` guard: AdonisJS's access-token guard over a user provider made for each request. */
export function accountTokensGuard<M extends TokenableModel>(
  options: AccessTokensLucidUserProviderOptions<'accessTokens', M>
): GuardConfigProvider<(ctx: HttpContext) => AccessTokensGuard<AccountTokensUserProvider<M>>> {
  return {
    async resolver(name, app) {
      const emitter = await app.container.make('emitter')
      const provider = new AccountTokensUserProvider<M>(options)
      return (ctx) => new AccessTokensGuard(name, ctx, emitter as any, provider.forRequest())
    },
  }
}
