import { DelayedError, type Job } from 'bullmq'

/**
 * Errors that say a server the work needs (PostgreSQL, Redis) is unreachable or restarting,
 * rather than that this job is wrong: connection refused or cut, PostgreSQL's connection
 * exceptions (SQLSTATE class 08) and shutdown states (57P01–57P03), a pool that found no
 * connection, ioredis giving up on a command.
 */
const CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03'])
const MESSAGES = /Connection terminated|connection error|Timeout acquiring a connection|Connection is closed|max retries per request|the database system is (starting up|shutting down|in recovery mode)|terminating connection/i

export function isOutage(error: unknown): boolean {
  for (let e = error as any, depth = 0; e && depth < 5; e = e.cause, depth++) {
    const code = typeof e.code === 'string' ? e.code : ''
    if (CODES.has(code) || code.startsWith('08') || MESSAGES.test(String(e.message ?? ''))) return true
  }
  return false
}

/**
 * Waiting out an outage without spending jobs' attempts: a job that met one goes back to the
 * queue as delayed (1 s, doubling to 30 s while outages go on), which BullMQ does without
 * counting an attempt, so a PostgreSQL restart of any length costs a delay, never a report or a
 * notification failed for good. Anything else is rethrown as it was.
 */
export class OutageBackoff {
  #delayMs = 0

  constructor(
    readonly firstMs = 1000,
    readonly maxMs = 30_000
  ) {}

  async judge(job: Job, token: string | undefined, error: unknown): Promise<never> {
    if (!token || !isOutage(error)) throw error
    this.#delayMs = Math.min(this.maxMs, this.#delayMs ? this.#delayMs * 2 : this.firstMs)
    await job.moveToDelayed(Date.now() + this.#delayMs, token)
    throw new DelayedError()
  }

  recovered() {
    this.#delayMs = 0
  }
}
