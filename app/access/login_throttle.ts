import limiter from '@adonisjs/limiter/services/main'

/**
 * How failed logins are held back, in three counts over 15 minutes:
 * - per account and address: 5 failures lock that pair for 15 minutes, as before;
 * - per address: 20 failures, whatever the accounts, lock the address (a guesser trying one
 *   password on many accounts);
 * - per account, from any address: past 10 failures every further attempt is slowed
 *   (loginDelayMs), never refused, so guessing from many addresses gets slow while the owner,
 *   from an address of their own, can still log in: a lock per account would let anyone lock
 *   anyone out with five wrong passwords.
 * The address is the connection's, or the one a configured proxy vouches for (TRUSTED_PROXIES);
 * an X-Forwarded-For header from anyone else is ignored.
 */
export const WINDOW = '15 min'
export const PAIR_FAILURES = 5
export const ADDRESS_FAILURES = 20
export const ACCOUNT_FREE_FAILURES = 10
const MAX_DELAY_MS = 5000

/** The wait before checking a password, given the account's failures in the window. */
export function loginDelayMs(accountFailures: number): number {
  if (accountFailures < ACCOUNT_FREE_FAILURES) return 0
  return Math.min(500 * (accountFailures - ACCOUNT_FREE_FAILURES + 1), MAX_DELAY_MS)
}

const pair = () => limiter.use({ requests: PAIR_FAILURES, duration: WINDOW, blockDuration: WINDOW })
const address = () => limiter.use({ requests: ADDRESS_FAILURES, duration: WINDOW, blockDuration: WINDOW })
// Counted only: nothing is ever blocked on the account's count alone.
const account = () => limiter.use({ requests: 1_000_000, duration: WINDOW })

const keys = (email: string, ip: string) => ({
  pair: `login:${email}:${ip}`,
  address: `login-address:${ip}`,
  account: `login-account:${email}`,
})

/** Seconds until the address may try again (for this account), or null when it may now. */
export async function lockedFor(email: string, ip: string): Promise<number | null> {
  const k = keys(email, ip)
  for (const [limit, key] of [[pair(), k.pair], [address(), k.address]] as const) {
    const state = await limit.get(key)
    if (state && state.remaining <= 0) return Math.max(state.availableIn, 1)
  }
  return null
}

export async function delayBeforeCheck(email: string) {
  const state = await account().get(keys(email, '').account)
  const wait = loginDelayMs(state?.consumed ?? 0)
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
}

export async function recordFailure(email: string, ip: string) {
  const k = keys(email, ip)
  for (const [limit, key, max] of [[pair(), k.pair, PAIR_FAILURES], [address(), k.address, ADDRESS_FAILURES]] as const) {
    const { consumed } = await limit.increment(key)
    if (consumed >= max) await limit.block(key, WINDOW)
  }
  await account().increment(k.account)
}

/** A right password clears what this account and address had against them; the address's
 * count of failures on other accounts stays. */
export async function recordSuccess(email: string, ip: string) {
  const k = keys(email, ip)
  await pair().delete(k.pair)
  await account().delete(k.account)
}
