import { routed } from '#app/core/registration'

/** Access tokens for scripts: issued and revoked by admins alone, never edited (token_routes.ts). */
export const accessTokens = routed('access_tokens', {
  grants: { admin: 'rcud', noc: '', analyst: '', cio: '', agency_liaison: '', auditor: '' },
  routes: () => import('#app/access/token_routes'),
})
