import { EventEmitter } from 'node:events'
import { hostname } from 'node:os'
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq'
import { Redis, type RedisOptions } from 'ioredis'
import type { SnmpCredentials } from '#collectors/snmp/credentials'
import { SnmpPoller } from '#collectors/snmp/poller'
import { SnmpSession } from '#collectors/snmp/session'
import { pollDevice } from '#collectors/snmp/interfaces'
import {
  DISCOVER_JOB,
  POLL_JOB,
  POLL_QUEUE,
  REPORT_JOB,
  SAMPLES_QUEUE,
  encodeSnapshot,
  schedulerId,
  type DiscoverJobData,
  type PollJobData,
  type PollReport,
  type QueueSite,
  type WireSnapshot,
} from '#collectors/polling/wire'
import { DEFAULT_INTERVAL_S } from '#collectors/polling/schedule'
import { OutageBackoff } from '#collectors/polling/outage'

/** One device as a collector needs it: where, how, and which interfaces links are bound to. */
export interface DeviceTarget {
  deviceId: number
  host: string
  port: number
  credentials: SnmpCredentials
  /** ifIndexes of the device's monitored links; empty means only reachability (sysUpTime) is read. */
  ifIndexes: number[]
  intervalS: number
  /** Read the health MIBs (CPU, memory, storage, temperature, uptime) on every poll. */
  health?: boolean
}

/**
 * Looks a device up. The collector is protocol code and has no database models: the process that
 * starts it passes this in (app/monitoring/ingest/targets.ts reads the devices and links tables
 * and opens the sealed credentials). Null: the device is gone or cannot be polled.
 */
export type ResolveTarget = (deviceId: number) => Promise<DeviceTarget | null>

export interface CollectorOptions {
  site: QueueSite
  resolveTarget: ResolveTarget
  /** Devices polled at once by this process (BullMQ worker concurrency). Default 64. */
  concurrency?: number
  /** Per SNMP request attempt. Default 2000 ms. */
  timeoutMs?: number
  /** Retransmissions per request. Default 1. */
  retries?: number
  /** A poll taken this long after its slot is late. Default: half the interval, at most 15 s. */
  lateAfterMs?: number
  /** Bound on one device's whole poll. Default: its interval, at most 30 s. */
  deadlineMs?: number
  /** Started on construction unless false (tests start it themselves). */
  autorun?: boolean
}

export interface DiscoveryResult {
  ok: boolean
  snapshot?: WireSnapshot
  error?: { kind: string; message: string }
  durationMs: number
}

const REPORTS_KEPT = { removeOnComplete: { count: 5000, age: 3600 }, removeOnFail: { age: 24 * 3600 } }
/**
 * When a poll was due. A scheduler's job is named after its slot ("repeat:<scheduler>:<ms>",
 * the id BullMQ gives each iteration); its timestamp is when the previous iteration created it
 * and its delay is reset when it is promoted, so neither says when it was due. Other jobs were
 * due when added.
 */
export function slotOf(job: Pick<Job, 'id' | 'timestamp' | 'delay' | 'repeatJobKey'>) {
  const slot = job.repeatJobKey ? /:(\d{10,})$/.exec(String(job.id)) : null
  return slot ? Number(slot[1]) : job.timestamp + (job.delay ?? 0)
}

/** An immediate poll that finds the device busy waits this long and looks again. */
const BUSY_RETRY_MS = 250

/**
 * A collector process's worker on the 'snmp-poll' queue. For each `poll` job it polls the device
 * with collectors/snmp and puts a PollReport on 'link-samples'; the service side does the rest.
 *
 * Late and skipped polls: a job taken more than lateAfterMs after its slot is late (the report
 * says so and by how much). A device holds a lock in Redis while it is being polled, by any
 * collector process; a scheduled poll that finds it held (the previous poll of that device is
 * still running) is skipped, and the report says so, so no poll silently disappears. An immediate
 * poll (after a trap) that finds it held waits for it instead.
 *
 * Emits 'report' (PollReport) after each poll, for metrics, and 'error' for failures that are not
 * a device's (Redis, the resolver).
 */
export class Collector extends EventEmitter {
  readonly worker: Worker
  readonly reports: Queue<PollReport>
  readonly schedule: Queue<PollJobData>
  readonly poller: SnmpPoller
  readonly identity = `${hostname()}:${process.pid}`
  #options: CollectorOptions
  #lockPrefix: string
  #locks: Redis
  #outages = new OutageBackoff()

  constructor(options: CollectorOptions) {
    super()
    this.#options = options
    const { connection, prefix } = options.site
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? 64))
    this.reports = new Queue<PollReport>(SAMPLES_QUEUE, { connection, prefix })
    this.schedule = new Queue<PollJobData>(POLL_QUEUE, { connection, prefix })
    this.#lockPrefix = `${prefix}:${POLL_QUEUE}:polling:`
    this.#locks = new Redis({ ...(connection as RedisOptions), maxRetriesPerRequest: 2, lazyConnect: true })
    this.#locks.on('error', (error) => this.#trouble(error))
    // The worker's concurrency already bounds the polls in flight; the poller's own limit only
    // has to stay out of the way, and its suspect share would park dead devices in BullMQ slots.
    this.poller = new SnmpPoller({ concurrency: concurrency * 2, suspectShare: 1, intervalMs: 24 * 3600_000 })
    this.worker = new Worker(POLL_QUEUE, (job, token) => this.#process(job, token), {
      connection,
      prefix,
      concurrency,
      // Longer than any poll's deadline, so a slow device never looks like a stalled job.
      lockDuration: Math.max(30_000, (options.deadlineMs ?? 30_000) + 15_000),
      autorun: options.autorun ?? true,
    })
    this.worker.on('error', (error) => this.#trouble(error))
  }

  run() {
    return this.worker.run()
  }

  /** Redis or resolver trouble: reported, never fatal (an unheard 'error' event would be). */
  #trouble(error: unknown) {
    if (this.listenerCount('error') > 0) this.emit('error', error)
    else console.error(`collector: ${(error as Error)?.message ?? error}`)
  }

  lateAfter(intervalMs: number) {
    return this.#options.lateAfterMs ?? Math.min(15_000, intervalMs / 2)
  }

  deadlineFor(intervalMs: number) {
    return this.#options.deadlineMs ?? Math.min(intervalMs, 30_000)
  }

  async #process(job: Job, token?: string): Promise<unknown> {
    if (job.name === DISCOVER_JOB) return this.discover((job.data as DiscoverJobData).deviceId)
    if (job.name !== POLL_JOB) throw new UnrecoverableError(`unknown job ${job.name} on ${POLL_QUEUE}`)
    try {
      const done = await this.#poll(job as Job<PollJobData>, token)
      this.#outages.recovered()
      return done
    } catch (error) {
      // The device lookup (PostgreSQL) or the queues (Redis) away: the poll is taken again when
      // they are back, late and counted as such, rather than dropped.
      return this.#outages.judge(job, token, error)
    }
  }

  async #poll(job: Job<PollJobData>, token?: string) {
    const startedAt = Date.now()
    const { deviceId } = job.data
    const trigger = job.data.trigger ?? 'schedule'
    const scheduledAt = slotOf(job)

    const target = await this.#options.resolveTarget(deviceId)
    if (!target) {
      // Gone from the inventory (or its credentials were removed): stop polling it now rather
      // than at the next schedule sync.
      await this.schedule.removeJobScheduler(schedulerId(deviceId)).catch(() => false)
      this.poller.forget(String(deviceId))
      return { result: 'gone' }
    }
    const intervalMs = job.data.intervalMs ?? Math.round((target.intervalS || DEFAULT_INTERVAL_S) * 1000)
    const lateMs = Math.max(0, startedAt - scheduledAt)
    const deadlineMs = this.deadlineFor(intervalMs)
    const base = {
      deviceId,
      trigger,
      reason: job.data.reason,
      jobId: String(job.id),
      scheduledAt,
      startedAt,
      lateMs,
      late: trigger === 'schedule' && lateMs > this.lateAfter(intervalMs),
      intervalMs,
      collector: this.identity,
    }

    const lockKey = this.#lockPrefix + deviceId
    const holder = `${this.identity}:${job.id}`
    const locked = await this.#locks.set(lockKey, holder, 'PX', deadlineMs + 15_000, 'NX')
    if (locked !== 'OK') {
      if (trigger !== 'schedule' && token) {
        await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token)
        throw new DelayedError()
      }
      return this.#send({ ...base, result: 'skipped', durationMs: 0, requests: 0, values: 0 })
    }

    let report: PollReport
    try {
      const cycle = await this.poller.pollCycle([
        {
          id: String(deviceId),
          host: target.host,
          port: target.port,
          credentials: target.credentials,
          timeoutMs: this.#options.timeoutMs,
          retries: this.#options.retries,
          ifIndexes: target.ifIndexes,
          deadlineMs,
          health: target.health,
        },
      ])
      const result = cycle.results[0]
      if (!result) {
        report = { ...base, result: 'skipped', durationMs: 0, requests: 0, values: 0 }
      } else if (result.ok) {
        report = {
          ...base,
          result: 'ok',
          durationMs: result.durationMs,
          requests: result.requests,
          values: result.values,
          snapshot: encodeSnapshot(result.snapshot),
        }
      } else {
        report = { ...base, result: 'failed', error: result.error, durationMs: result.durationMs, requests: result.requests, values: 0 }
      }
    } finally {
      await this.#unlock(lockKey, holder)
    }
    return this.#send(report)
  }

  async #unlock(key: string, holder: string) {
    // Only our own lock: one that expired and was taken by another poll is not ours to drop.
    await this.#locks
      .eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, key, holder)
      .catch((error: Error) => this.#trouble(error))
  }

  async #send(report: PollReport) {
    await this.reports.add(REPORT_JOB, report, {
      jobId: `poll-${report.deviceId}-${report.startedAt}-${report.jobId.replace(/:/g, '_')}`,
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      ...REPORTS_KEPT,
    })
    this.emit('report', report)
    return { result: report.result, late: report.late, durationMs: Math.round(report.durationMs) }
  }

  /** A full walk of the device's interfaces (every row of ifTable/ifXTable), for binding links. */
  async discover(deviceId: number): Promise<DiscoveryResult> {
    const target = await this.#options.resolveTarget(deviceId)
    if (!target) throw new UnrecoverableError(`device ${deviceId} does not exist or has no SNMP credentials`)
    const session = new SnmpSession({
      host: target.host,
      port: target.port,
      credentials: target.credentials,
      timeoutMs: this.#options.timeoutMs,
      retries: this.#options.retries,
    })
    try {
      const result = await pollDevice(session, String(deviceId), { deadlineMs: 30_000 })
      return result.ok
        ? { ok: true, snapshot: encodeSnapshot(result.snapshot), durationMs: result.durationMs }
        : { ok: false, error: result.error, durationMs: result.durationMs }
    } finally {
      session.close()
    }
  }

  async close() {
    await this.worker.close()
    this.poller.close()
    await Promise.all([this.reports.close(), this.schedule.close()])
    this.#locks.disconnect()
  }
}
