import { Redis, type RedisOptions } from 'ioredis'
import type { WireSnapshot } from '#collectors/polling/wire'

/**
 * The last snapshot of every device, which the next one's rates are computed against.
 *
 * Kept in Redis, one hash per device, not in a database table: it is working state of the
 * pipeline, rewritten on every poll (17,485 links' counters a minute) and worth nothing once
 * the next poll has replaced it. A table would turn each poll into an UPDATE with its WAL and
 * dead tuples for data nobody reads back; losing it costs one interval without rates, which
 * rates.ts already handles (first_sample). Redis is already what the queues need, every
 * monitoring worker sees the same hash, and a Lua script makes "take the previous, store this
 * one" one atomic step, so two workers never compute against the same baseline twice or go back
 * in time. Keys expire after a day, so removed devices leave nothing behind.
 *
 * Each hash holds the current snapshot and the one before it. A report seen again (its batch
 * failed after this step and BullMQ retried it) gets the same baseline as the first time, so a
 * retry writes the same rates; one older than the current is stale and gets nothing.
 */
const SWAP = `
local at = tonumber(ARGV[1])
local cur_at_text = redis.call('HGET', KEYS[1], 'cur_at')
local cur_at = tonumber(cur_at_text or '-1')
if at > cur_at then
  local cur = redis.call('HGET', KEYS[1], 'cur')
  if cur then
    redis.call('HSET', KEYS[1], 'prev', cur, 'prev_at', cur_at_text)
  else
    redis.call('HDEL', KEYS[1], 'prev', 'prev_at')
  end
  redis.call('HSET', KEYS[1], 'cur', ARGV[2], 'cur_at', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'new', cur or false}
elseif at == cur_at then
  return {'replay', redis.call('HGET', KEYS[1], 'prev') or false}
end
return {'stale', false}
`

export interface Swapped {
  /** new: the newest so far; replay: this very snapshot was stored before; stale: a newer one is stored. */
  status: 'new' | 'replay' | 'stale'
  previous: WireSnapshot | null
}

export class PreviousSnapshots {
  readonly redis: Redis
  readonly prefix: string
  readonly donePrefix: string
  readonly ttlMs: number

  constructor(options: { connection: object; prefix: string; ttlMs?: number }) {
    this.redis = new Redis({ ...(options.connection as RedisOptions), maxRetriesPerRequest: 2 })
    this.redis.defineCommand('gsnSwapSnapshot', { numberOfKeys: 1, lua: SWAP })
    this.prefix = `${options.prefix}:link-samples:previous:`
    this.donePrefix = `${options.prefix}:link-samples:recorded:`
    this.ttlMs = options.ttlMs ?? 24 * 3600_000
  }

  key(deviceId: number) {
    return this.prefix + deviceId
  }

  /**
   * Stores each snapshot and answers the one it follows, in the order given (one round trip for
   * the whole list; a device's snapshots must be listed oldest first).
   */
  async swap(entries: Array<{ deviceId: number; at: number; snapshot: WireSnapshot }>): Promise<Swapped[]> {
    if (!entries.length) return []
    const pipeline = this.redis.pipeline()
    for (const e of entries) (pipeline as any).gsnSwapSnapshot(this.key(e.deviceId), String(e.at), JSON.stringify(e.snapshot), String(this.ttlMs))
    const results = (await pipeline.exec()) ?? []
    return results.map(([error, reply]) => {
      if (error) throw error
      const [status, previous] = reply as [Swapped['status'], string | null]
      return { status, previous: previous ? (JSON.parse(previous) as WireSnapshot) : null }
    })
  }

  /**
   * Which of these reports already had their device poll recorded (device_status counts every
   * poll once, even when a batch is retried after that step).
   */
  async recorded(reportKeys: string[]): Promise<Set<string>> {
    if (!reportKeys.length) return new Set()
    const found = await this.redis.mget(reportKeys.map((k) => this.donePrefix + k))
    return new Set(reportKeys.filter((_, i) => found[i] !== null))
  }

  async markRecorded(reportKeys: string[]) {
    if (!reportKeys.length) return
    const pipeline = this.redis.pipeline()
    for (const k of reportKeys) pipeline.set(this.donePrefix + k, '1', 'PX', this.ttlMs)
    await pipeline.exec()
  }

  async forget(deviceId: number) {
    await this.redis.del(this.key(deviceId))
  }

  close() {
    this.redis.disconnect()
  }
}
