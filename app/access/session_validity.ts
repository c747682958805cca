import redis from '@adonisjs/redis/services/main'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#app/access/user'
import queueConfig from '#config/queue'

/**
 * When a credential stops being good. A request is judged when it arrives (auth middleware);
 * a live event stream, which is one request for hours, is judged again on a timer by the same
 * rules: the account is active, its role and agency are what they were, the session was not
 * logged out and was opened under the account's current epoch, the token was not revoked.
 */

/** The epoch stored in a session at login; sessions without one date from epoch 0. */
export const SESSION_EPOCH_KEY = 'auth_epoch'

/** How long a logged-out session id is remembered: as long as a session can live. */
const ENDED_SESSION_TTL_S = 8 * 3600

function endedKey(sessionId: string) {
  return `${queueConfig.prefix}:ended-session:${sessionId}`
}

/**
 * Remembers that a session was logged out. The session store forgets the login too, but a
 * cookie-stored session can be replayed by whoever kept the cookie, and an open event stream
 * holds the session id, not its data.
 */
export async function endSession(sessionId: string) {
  await redis.set(endedKey(sessionId), '1', 'EX', ENDED_SESSION_TTL_S)
}

export async function isSessionEnded(sessionId: string) {
  return (await redis.exists(endedKey(sessionId))) === 1
}

export function sessionEpochOf(ctx: HttpContext): number {
  return Number(ctx.session.get(SESSION_EPOCH_KEY) ?? 0)
}

/** What a credential was granted as: a stream ends when any of it changes. */
export interface Grant {
  userId: number
  role: string
  agencyId: number | null
  epoch: number
  sessionId: string | null
  tokenId: string | number | null
}

export function grantOf(ctx: HttpContext): Grant {
  const user = ctx.auth.user as User
  const viaToken = ctx.auth.authenticatedViaGuard === 'api'
  return {
    userId: user.id,
    role: user.role,
    agencyId: user.agencyId,
    epoch: viaToken ? user.authEpoch : sessionEpochOf(ctx),
    sessionId: viaToken ? null : ctx.session.sessionId,
    tokenId: viaToken ? String(user.currentAccessToken?.identifier ?? '') || null : null,
  }
}

/** Whether a grant still stands, read afresh from the database and Redis. */
export async function grantStands(grant: Grant): Promise<boolean> {
  const user = await User.find(grant.userId)
  if (!user || !user.active || user.authEpoch !== grant.epoch) return false
  if (user.role !== grant.role || user.agencyId !== grant.agencyId) return false
  if (grant.sessionId !== null && (await isSessionEnded(grant.sessionId))) return false
  if (grant.tokenId !== null) {
    const token = await User.accessTokens.find(user, grant.tokenId)
    if (!token || token.isExpired()) return false
  }
  return true
}
