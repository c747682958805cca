import { defineConfig } from '@adonisjs/auth'
import { sessionGuard, sessionUserProvider } from '@adonisjs/auth/session'
import { accountTokensGuard } from '#app/access/token_guard'
import type { InferAuthenticators, InferAuthEvents, Authenticators } from '@adonisjs/auth/types'

/**
 * People use the web guard (session cookie, CSRF-protected); collectors and scripts use
 * bearer tokens that an admin issues and revokes.
 */
const authConfig = defineConfig({
  default: 'web',
  guards: {
    web: sessionGuard({
      useRememberMeTokens: false,
      provider: sessionUserProvider({ model: () => import('#app/access/user') }),
    }),
    // AdonisJS's token guard, reading the token and its account in one statement (access/token_guard.ts).
    api: accountTokensGuard({
      tokens: 'accessTokens',
      model: () => import('#app/access/user'),
    }),
  },
})

export default authConfig

declare module '@adonisjs/auth/types' {
  export interface Authenticators extends InferAuthenticators<typeof authConfig> {}
}
declare module '@adonisjs/core/types' {
  interface EventsList extends InferAuthEvents<Authenticators> {}
}
