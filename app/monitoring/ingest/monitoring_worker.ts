import { EventEmitter } from 'node:events'
import { UnrecoverableError, Worker, type Job } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { computeRates } from '#collectors/snmp/rates'
import { SAMPLES_QUEUE, decodeSnapshot, type PollReport, type QueueSite } from '#collectors/polling/wire'
import { alarmService as defaultAlarms, type AlarmService } from '#app/monitoring/alarm_service'
import { recordSamples } from '#app/samples/record_samples'
import { PreviousSnapshots } from '#app/monitoring/ingest/previous_snapshots'
import { linkReadings, type BoundLink } from '#app/monitoring/ingest/link_readings'
import { BoardKeeper } from '#app/monitoring/board/board_keeper'
import { OverviewKeeper } from '#app/overview/overview_keeper'
import { OutageBackoff } from '#collectors/polling/outage'
import type { LinkSample } from '#app/samples/sample'
import type { Observation } from '#app/monitoring/link_health/link_state'
import { deviceHealthService, type DeviceHealthService, type HealthPoll } from '#app/device_health/health_service'

export interface MonitoringWorkerOptions {
  site: QueueSite
  alarms?: AlarmService
  /** Where device health readings go (app/device_health/health_service.ts). */
  health?: DeviceHealthService
  /** Reports held at once, and so the largest batch. Default 256. */
  maxBatchReports?: number
  /** A batch is written once it holds this many links, without waiting. Default 20,000. */
  maxBatchLinks?: number
  /** How long the first report of a batch waits for company. Default 200 ms. */
  maxWaitMs?: number
  /** Device polls recorded at once (each is a short transaction of its own). Default 8. */
  deviceParallelism?: number
  /** Keep the NOC board's counts up to date for the API (board_keeper.ts). Default true. */
  keepBoard?: boolean
  /** Keep the consolidation overview's counts at the inventory's version (overview_keeper.ts). Default as keepBoard. */
  keepOverview?: boolean
  autorun?: boolean
}

export interface BatchStats {
  reports: number
  ok: number
  failed: number
  skipped: number
  stale: number
  invalid: number
  links: number
  samplesWritten: number
  samplesRejected: number
  observed: number
  incidentsOpened: number
  incidentsSettled: number
  /** Device health rows stored, and polls in which a health MIB did not answer, by MIB. */
  healthWritten: number
  healthAbsent: Record<string, number>
  durationMs: number
}

interface Pending {
  job: Job<PollReport>
  links: number
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

function checkReport(r: PollReport): string | null {
  if (!r || typeof r !== 'object') return 'not an object'
  if (!Number.isInteger(r.deviceId) || r.deviceId <= 0) return 'deviceId must be a positive integer'
  if (!['ok', 'failed', 'skipped'].includes(r.result)) return `unknown result ${r.result}`
  if (!Number.isFinite(r.startedAt)) return 'startedAt must be a time'
  if (r.result === 'ok' && !r.snapshot) return 'an ok report needs its snapshot'
  return null
}

/** The time a report speaks for: when the snapshot was taken, or when the poll was tried. */
function timeOf(r: PollReport) {
  return r.result === 'ok' ? new Date(r.snapshot!.polledAt).getTime() : r.startedAt
}

const reportKey = (r: PollReport) => `${r.deviceId}:${r.startedAt}:${r.jobId}`

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++])
  })
  await Promise.all(lanes)
}

/**
 * The service side of link monitoring: takes PollReports off 'link-samples', computes rates
 * against each device's previous snapshot (kept in Redis, see previous_snapshots.ts), maps
 * interfaces to links by device and ifIndex, and hands the result to the samples store
 * (recordSamples) and the alarm rules (recordDevicePoll, then observe), as
 * app/monitoring/alarm_service.ts asks collectors to.
 *
 * Batched: reports that arrive together (up to maxBatchReports, or maxWaitMs after the first)
 * are written together, one recordSamples and one observe call for all their links, so a full
 * cycle of 17,485 links costs a few statements rather than 17,485. A report's job completes when
 * its batch is written; if the batch fails, every job in it is retried by BullMQ and the retry
 * writes the same rows once (samples are keyed by link and time, observations older than a
 * link's last are ignored, device polls are marked recorded).
 */
export class MonitoringWorker extends EventEmitter {
  readonly worker: Worker<PollReport>
  readonly previous: PreviousSnapshots
  readonly alarms: AlarmService
  readonly health: DeviceHealthService
  readonly board: BoardKeeper | null
  readonly overview: OverviewKeeper | null
  #options: Required<Omit<MonitoringWorkerOptions, 'alarms' | 'health' | 'autorun' | 'site' | 'keepBoard' | 'keepOverview'>>
  #pending: Pending[] = []
  #timer: NodeJS.Timeout | null = null
  #flushing: Promise<void> | null = null
  #outages = new OutageBackoff()

  constructor(options: MonitoringWorkerOptions) {
    super()
    this.alarms = options.alarms ?? defaultAlarms
    this.health = options.health ?? deviceHealthService
    this.#options = {
      maxBatchReports: options.maxBatchReports ?? 256,
      maxBatchLinks: options.maxBatchLinks ?? 20_000,
      maxWaitMs: options.maxWaitMs ?? 200,
      deviceParallelism: options.deviceParallelism ?? 8,
    }
    this.previous = new PreviousSnapshots({ connection: options.site.connection, prefix: options.site.prefix })
    this.board = options.keepBoard === false ? null : new BoardKeeper()
    this.overview = (options.keepOverview ?? options.keepBoard) === false ? null : new OverviewKeeper()
    this.worker = new Worker<PollReport>(SAMPLES_QUEUE, (job, token) => this.#submit(job, token), {
      connection: options.site.connection,
      prefix: options.site.prefix,
      concurrency: this.#options.maxBatchReports,
      // Renewed every half of it while a batch is written; what a killed worker held goes back to
      // the queue once it lapses, so it is kept short (BullMQ's own default).
      lockDuration: 30_000,
      autorun: options.autorun ?? true,
    })
    this.worker.on('error', (error) => this.#trouble(error))
  }

  run() {
    return this.worker.run()
  }

  #trouble(error: unknown) {
    if (this.listenerCount('error') > 0) this.emit('error', error)
    else logger.error({ err: error }, 'monitoring worker')
  }

  #submit(job: Job<PollReport>, token?: string) {
    const problem = checkReport(job.data)
    if (problem) return Promise.reject(new UnrecoverableError(`invalid poll report: ${problem}`))
    return new Promise((resolve, reject) => {
      this.#pending.push({ job, links: job.data.snapshot?.interfaces.length ?? 0, resolve, reject })
      this.#schedule()
    }).then(
      (done) => {
        this.#outages.recovered()
        return done
      },
      // PostgreSQL or Redis away: the report waits for them, however long, instead of failing.
      (error) => this.#outages.judge(job, token, error)
    )
  }

  #schedule() {
    if (this.#flushing) return
    const links = this.#pending.reduce((n, p) => n + p.links, 0)
    if (this.#pending.length >= this.#options.maxBatchReports || links >= this.#options.maxBatchLinks) {
      this.#flush()
    } else if (!this.#timer && this.#pending.length) {
      this.#timer = setTimeout(() => this.#flush(), this.#options.maxWaitMs)
    }
  }

  #flush() {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    if (this.#flushing || !this.#pending.length) return
    const batch = this.#pending
    this.#pending = []
    this.#flushing = (async () => {
      try {
        const stats = await this.processBatch(batch.map((p) => p.job.data))
        for (const p of batch) p.resolve({ batch: stats.reports })
        this.board?.touch()
        this.emit('batch', stats)
      } catch (error) {
        for (const p of batch) p.reject(error)
        this.#trouble(error)
      }
    })().finally(() => {
      this.#flushing = null
      // What arrived during the write is the next batch, written at once if it is big enough.
      this.#schedule()
    })
  }

  /** Writes one batch of poll reports. Exposed for the tests and the bench; the worker calls it. */
  async processBatch(input: PollReport[]): Promise<BatchStats> {
    const started = performance.now()
    const stats: BatchStats = {
      reports: input.length,
      ok: 0,
      failed: 0,
      skipped: 0,
      stale: 0,
      invalid: 0,
      links: 0,
      samplesWritten: 0,
      samplesRejected: 0,
      observed: 0,
      incidentsOpened: 0,
      incidentsSettled: 0,
      healthWritten: 0,
      healthAbsent: {},
      durationMs: 0,
    }
    const reports = input
      .filter((r) => {
        const ok = checkReport(r) === null
        if (!ok) stats.invalid++
        return ok
      })
      .sort((a, b) => a.deviceId - b.deviceId || timeOf(a) - timeOf(b))

    // Rates need the previous snapshot; taking it and storing this one is one atomic step.
    const polled = reports.filter((r) => r.result === 'ok')
    const swapped = await this.previous.swap(polled.map((r) => ({ deviceId: r.deviceId, at: timeOf(r), snapshot: r.snapshot! })))
    const baseline = new Map(polled.map((r, i) => [r, swapped[i]]))
    const current = reports.filter((r) => baseline.get(r)?.status !== 'stale')
    stats.stale = reports.length - current.length

    // Device polls first: an answer from a device that was unreachable must clear it before its
    // links are judged, or they would be suppressed behind it once more.
    const done = await this.previous.recorded(current.map(reportKey))
    const byDevice = new Map<number, PollReport[]>()
    for (const r of current) {
      if (r.result === 'ok') stats.ok++
      else if (r.result === 'failed') stats.failed++
      else stats.skipped++
      if (done.has(reportKey(r))) continue
      if (!byDevice.has(r.deviceId)) byDevice.set(r.deviceId, [])
      byDevice.get(r.deviceId)!.push(r)
    }
    const gone = new Set<number>()
    const recorded: string[] = []
    await inParallel([...byDevice.entries()], this.#options.deviceParallelism, async ([deviceId, list]) => {
      for (const r of list) {
        try {
          await this.alarms.recordDevicePoll(deviceId, {
            ok: r.result === 'ok',
            skipped: r.result === 'skipped',
            late: r.late,
            error: r.error ? `${r.error.kind}: ${r.error.message}` : null,
            at: new Date(timeOf(r)),
          })
          recorded.push(reportKey(r))
        } catch (error) {
          if (/does not exist/.test((error as Error).message)) {
            gone.add(deviceId)
            return
          }
          throw error
        }
      }
    })
    await this.previous.markRecorded(recorded)

    // Links of the devices that answered, by device and ifIndex.
    const answered = current.filter((r) => r.result === 'ok' && !gone.has(r.deviceId))
    const deviceIds = [...new Set(answered.map((r) => r.deviceId))]
    const links = new Map<number, BoundLink[]>()
    if (deviceIds.length) {
      const rows = await db
        .from('links')
        .whereRaw('device_id = ANY(?::int[])', [deviceIds])
        .whereNotNull('if_index')
        .whereNot('status', 'decommissioned')
        .select('id', 'device_id', 'if_index', 'bandwidth_kbps')
      for (const row of rows) {
        if (!links.has(row.device_id)) links.set(row.device_id, [])
        links.get(row.device_id)!.push({ id: row.id, deviceId: row.device_id, ifIndex: Number(row.if_index), bandwidthKbps: row.bandwidth_kbps === null ? null : Number(row.bandwidth_kbps) })
      }
    }

    const samples: LinkSample[] = []
    const observations: Observation[] = []
    for (const r of answered) {
      const bound = links.get(r.deviceId)
      if (!bound?.length) continue
      const label = String(r.deviceId)
      const snapshot = decodeSnapshot(label, r.snapshot!)
      const before = baseline.get(r)!.previous
      const rates = before ? computeRates(decodeSnapshot(label, before), snapshot, { intervalMs: r.intervalMs }) : null
      const readings = linkReadings(snapshot, rates, bound)
      samples.push(...readings.samples)
      observations.push(...readings.observations)
    }
    stats.links = samples.length

    // Device health rides on the same poll (collectors/snmp/device_health.ts); its CPU figure
    // needs the previous poll's counters, which the snapshot swap above already handed back.
    const healthPolls: HealthPoll[] = []
    for (const r of answered) {
      const health = r.snapshot!.health
      if (!health) continue
      healthPolls.push({ deviceId: r.deviceId, at: new Date(timeOf(r)), health, previous: baseline.get(r)?.previous?.health ?? null })
    }
    if (healthPolls.length) {
      const recorded = await this.health.record(healthPolls)
      stats.healthWritten = recorded.written
      stats.healthAbsent = recorded.absent
      stats.incidentsOpened += recorded.incidentsOpened.length
      stats.incidentsSettled += recorded.incidentsSettled.length
    }

    if (samples.length) {
      const written = await recordSamples(samples)
      stats.samplesWritten = written.written
      stats.samplesRejected = written.rejected.length
      if (written.rejected.length) {
        logger.warn({ rejected: written.rejected.slice(0, 5), count: written.rejected.length }, 'link samples refused')
      }
    }
    if (observations.length) {
      const observed = await this.alarms.observe(observations)
      stats.observed = observed.applied
      stats.incidentsOpened = observed.incidentsOpened.length
      stats.incidentsSettled = observed.incidentsSettled.length
    }
    stats.durationMs = performance.now() - started
    return stats
  }

  async close() {
    await this.worker.close()
    // Anything still gathered is written before the connections go.
    this.#flush()
    await this.#flushing
    await this.board?.close()
    await this.overview?.close()
    this.previous.close()
  }
}
