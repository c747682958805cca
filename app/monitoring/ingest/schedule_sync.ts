import { Redis, type RedisOptions } from 'ioredis'
import logger from '@adonisjs/core/services/logger'
import { PollSchedule, type SyncReport } from '#collectors/polling/schedule'
import { POLL_QUEUE, type QueueSite } from '#collectors/polling/wire'
import { inventoryFingerprint, pollableDevices } from '#app/monitoring/ingest/targets'

export interface ScheduleSyncOptions {
  /** How often the devices table is looked at (a cheap fingerprint query). Default 30 s. */
  tickMs?: number
  /** A full comparison with Redis at least this often, even when the fingerprint is unchanged. Default 10 min. */
  fullEveryMs?: number
}

/**
 * Keeps the poll schedule (one BullMQ job scheduler per device) equal to the devices table.
 *
 * How changes arrive: by a periodic tick, not by events. On start the schedule is compared in
 * full; then every tickMs a fingerprint of (id, poll_interval_s) over the pollable devices is
 * read, and only when it moved is the schedule compared again, plus a full comparison every
 * fullEveryMs to repair anything done to Redis by hand. A device added, changed or removed
 * through the API, a CSV import or SQL is picked up within one tick (30 s by default) without
 * hooking every path that writes devices. Polls of a device deleted before the tick find no
 * target and remove its scheduler themselves (collectors/polling/collector.ts).
 *
 * Several monitoring workers may run this; a short Redis lock lets one compare at a time.
 */
export class ScheduleSync {
  readonly schedule: PollSchedule
  #site: QueueSite
  #tickMs: number
  #fullEveryMs: number
  #redis: Redis
  #timer: NodeJS.Timeout | null = null
  #lastPrint: string | null = null
  #lastFullAt = 0
  #running: Promise<unknown> | null = null

  constructor(site: QueueSite, options: ScheduleSyncOptions & { schedule?: PollSchedule } = {}) {
    this.#site = site
    this.schedule = options.schedule ?? new PollSchedule(site)
    this.#tickMs = options.tickMs ?? 30_000
    this.#fullEveryMs = options.fullEveryMs ?? 600_000
    this.#redis = new Redis({ ...(site.connection as RedisOptions), maxRetriesPerRequest: 2, lazyConnect: true })
    this.#redis.on('error', (error) => logger.warn({ err: error }, 'schedule sync: Redis'))
  }

  /** Compares and fixes now (unless another process is doing it). Null when skipped. */
  async syncNow(options: { force?: boolean } = {}): Promise<SyncReport | null> {
    const print = await inventoryFingerprint()
    // Redis restarted empty (or was flushed) since the last comparison: the schedulers are gone
    // with it, and the devices table alone would not say so for fullEveryMs.
    const syncedKey = `${this.#site.prefix}:${POLL_QUEUE}:schedule-synced`
    const synced = await this.#redis.get(syncedKey)
    const due = options.force || print !== this.#lastPrint || synced !== print || Date.now() - this.#lastFullAt >= this.#fullEveryMs
    if (!due) return null
    const lockKey = `${this.#site.prefix}:${POLL_QUEUE}:schedule-sync`
    const holder = `${process.pid}:${Math.random()}`
    const locked = await this.#redis.set(lockKey, holder, 'PX', 60_000, 'NX')
    if (locked !== 'OK') return null
    try {
      const report = await this.schedule.sync(await pollableDevices())
      await this.#redis.set(syncedKey, print)
      this.#lastPrint = print
      this.#lastFullAt = Date.now()
      return report
    } finally {
      await this.#redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, lockKey, holder)
    }
  }

  /** Syncs now, then on every tick. */
  async start(onSync?: (report: SyncReport) => void) {
    const once = async () => {
      try {
        const report = await this.syncNow()
        if (report) onSync?.(report)
      } catch (error) {
        logger.error({ err: error }, 'poll schedule sync failed')
      }
    }
    this.#running = once()
    await this.#running
    const tick = () => {
      this.#timer = setTimeout(async () => {
        this.#running = once()
        await this.#running
        if (this.#timer) tick()
      }, this.#tickMs)
    }
    tick()
  }

  async stop() {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    await this.#running
    await this.schedule.close()
    this.#redis.disconnect()
  }
}
