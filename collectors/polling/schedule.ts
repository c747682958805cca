import { Queue } from 'bullmq'
import {
  POLL_JOB,
  POLL_QUEUE,
  deviceIdOfScheduler,
  schedulerId,
  type PollJobData,
  type QueueSite,
} from '#collectors/polling/wire'

export const DEFAULT_INTERVAL_S = 60

export interface ScheduledDevice {
  deviceId: number
  /** Seconds between polls; the devices table's poll_interval_s. */
  intervalS: number
}

export interface SyncReport {
  added: number[]
  changed: number[]
  removed: number[]
  unchanged: number
}

/**
 * Where in its interval a device is polled. Spread (the default) gives each device a fixed phase
 * from its id, so 500 devices on a 60 s interval make a steady 8 polls a second instead of 500
 * at the top of every minute; aligned puts them all at the start of the interval (the bench uses
 * it to measure the worst burst).
 */
export type Phase = 'spread' | 'aligned'

/** A stable phase in [1, every) from the device id (Knuth's multiplicative hash). */
export function phaseOf(deviceId: number, everyMs: number) {
  if (everyMs <= 1) return 0
  const h = Math.imul(deviceId >>> 0, 2654435761) >>> 0
  return 1 + (h % (everyMs - 1))
}

const FINISHED_KEPT = { count: 2000, age: 3600 }

/**
 * The poll schedule on the 'snmp-poll' queue: one BullMQ job scheduler per device, every =
 * its poll interval. Whichever collector process is free takes each job, so several processes
 * on several machines share the devices without knowing of each other. BullMQ keeps at most one
 * pending job per scheduler and never piles up missed ones: when every collector was down, the
 * one pending job is taken late (and counted late) and the next is put on the next slot.
 *
 * This class knows queues and device ids only; the list of devices comes from whoever owns the
 * inventory (app/monitoring/ingest/schedule_sync.ts reads it from the devices table).
 */
export class PollSchedule {
  readonly queue: Queue<PollJobData>
  readonly phase: Phase

  constructor(site: QueueSite, options: { phase?: Phase } = {}) {
    this.queue = new Queue<PollJobData>(POLL_QUEUE, { connection: site.connection, prefix: site.prefix })
    this.phase = options.phase ?? 'spread'
  }

  /** Device id → every (ms) of the schedulers that exist now. */
  async current(): Promise<Map<number, number>> {
    const out = new Map<number, number>()
    const total = await this.queue.getJobSchedulersCount()
    for (let start = 0; start < total; start += 500) {
      for (const s of await this.queue.getJobSchedulers(start, start + 499, true)) {
        const id = deviceIdOfScheduler(s.key)
        if (id !== null) out.set(id, s.every ?? 0)
      }
    }
    return out
  }

  /** Creates or changes one device's scheduler. */
  async upsert(device: ScheduledDevice) {
    const everyMs = Math.max(1, Math.round((device.intervalS || DEFAULT_INTERVAL_S) * 1000))
    const repeat =
      this.phase === 'spread'
        ? { every: everyMs, offset: phaseOf(device.deviceId, everyMs) }
        : { every: everyMs, startDate: Math.ceil(Date.now() / everyMs) * everyMs }
    await this.queue.upsertJobScheduler(schedulerId(device.deviceId), repeat, {
      name: POLL_JOB,
      data: { deviceId: device.deviceId, intervalMs: everyMs, trigger: 'schedule' },
      opts: { removeOnComplete: FINISHED_KEPT, removeOnFail: FINISHED_KEPT },
    })
  }

  async remove(deviceId: number) {
    return this.queue.removeJobScheduler(schedulerId(deviceId))
  }

  /**
   * Makes the schedulers match the given devices: adds the new, changes those whose interval
   * changed, removes those no longer listed. Unchanged schedulers are not touched, so their next
   * poll keeps its time. Safe to run from several processes at once: every step is idempotent.
   */
  async sync(devices: ScheduledDevice[]): Promise<SyncReport> {
    const existing = await this.current()
    const wanted = new Map(devices.map((d) => [d.deviceId, d]))
    const report: SyncReport = { added: [], changed: [], removed: [], unchanged: 0 }
    for (const device of wanted.values()) {
      const everyMs = Math.max(1, Math.round((device.intervalS || DEFAULT_INTERVAL_S) * 1000))
      const had = existing.get(device.deviceId)
      if (had === everyMs) {
        report.unchanged++
        continue
      }
      await this.upsert(device)
      ;(had === undefined ? report.added : report.changed).push(device.deviceId)
    }
    for (const deviceId of existing.keys()) {
      if (wanted.has(deviceId)) continue
      await this.remove(deviceId)
      report.removed.push(deviceId)
    }
    return report
  }

  /**
   * Polls a device now, ahead of everything waiting (a trap said one of its links changed).
   * LIFO puts the job at the head of the wait list; BullMQ serves jobs without a priority number
   * before prioritised ones, so this is the fastest lane it has. Requests for a device collapse
   * into one while its immediate poll waits, and one more follows a poll already running (it may
   * have read the interface just before the change): a storm of linkDown/linkUp traps costs the
   * device at most two polls, and the last change is always read.
   */
  async pollNow(deviceId: number, options: { reason?: string; trigger?: 'trap' | 'manual' } = {}) {
    return this.queue.add(
      POLL_JOB,
      { deviceId, trigger: options.trigger ?? 'manual', reason: options.reason },
      {
        lifo: true,
        deduplication: { id: `now-${deviceId}`, keepLastIfActive: true },
        removeOnComplete: FINISHED_KEPT,
        removeOnFail: FINISHED_KEPT,
      }
    )
  }

  async close() {
    await this.queue.close()
  }
}
