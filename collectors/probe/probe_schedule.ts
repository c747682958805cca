import { Queue, Worker, type Job } from 'bullmq'
import { hostname } from 'node:os'
import { EventEmitter } from 'node:events'
import { isIP } from 'node:net'
import { phaseOf } from '#collectors/polling/schedule'
import type { QueueSite } from '#collectors/polling/wire'
import { EchoProber, type BurstResult } from '#collectors/probe/echo'
import type { BurstSummary } from '#collectors/probe/burst'

/**
 * The probe schedule, on the pattern of the SNMP polls (collectors/polling/): one BullMQ job
 * scheduler per probed link on the 'icmp-probe' queue, every = its interval, each on a fixed
 * phase from the link id so bursts are spread over the interval; whichever collector process is
 * free takes each job, sends the burst, and puts a ProbeReport on 'line-quality' for the
 * monitoring side. A job carries the address, so a collector needs no database.
 */
export const PROBE_QUEUE = 'icmp-probe'
export const QUALITY_QUEUE = 'line-quality'
export const PROBE_JOB = 'probe'
export const PROBE_REPORT_JOB = 'probe-report'

/** SmokePing's shape by default: 20 probes a burst, one a second, every 60 s here (SNMP's interval). */
export const DEFAULT_PROBES = { intervalS: 60, count: 20, spacingMs: 1000, timeoutMs: 1000 }

export interface ProbeTarget {
  linkId: number
  /** IPv4 or IPv6 address of the far end. */
  address: string
  intervalS?: number
  count?: number
}

export interface ProbeJobData {
  linkId: number
  address: string
  intervalMs: number
  count: number
  spacingMs: number
  timeoutMs: number
}

/** One burst as the monitoring side receives it: the burst's figures, where and when. */
export interface ProbeReport extends BurstSummary {
  linkId: number
  address: string
  collector: string
  /** When the burst was due (the scheduler's slot) and when it started, ms since the epoch. */
  scheduledAt: number
  startedAt: number
  sendError?: string
}

export function probeSchedulerId(linkId: number) {
  return `probe-link-${linkId}`
}

function linkIdOf(key: string): number | null {
  const match = /^probe-link-(\d+)$/.exec(key)
  return match ? Number(match[1]) : null
}

/** The job a target's scheduler makes; a burst fits in half the interval, at most one probe a second. */
export function probeJob(target: ProbeTarget): ProbeJobData {
  const intervalMs = Math.max(1000, Math.round((target.intervalS ?? DEFAULT_PROBES.intervalS) * 1000))
  const count = Math.max(1, Math.floor(target.count ?? DEFAULT_PROBES.count))
  const spacingMs = Math.max(10, Math.min(DEFAULT_PROBES.spacingMs, Math.floor(intervalMs / 2 / count)))
  return { linkId: target.linkId, address: target.address, intervalMs, count, spacingMs, timeoutMs: DEFAULT_PROBES.timeoutMs }
}

const KEPT = { count: 2000, age: 3600 }

export class ProbeSchedule {
  readonly queue: Queue<ProbeJobData>

  constructor(site: QueueSite) {
    this.queue = new Queue<ProbeJobData>(PROBE_QUEUE, { connection: site.connection, prefix: site.prefix })
  }

  /** Link id → the job its scheduler makes now. */
  async current(): Promise<Map<number, { every: number; data?: ProbeJobData }>> {
    const out = new Map<number, { every: number; data?: ProbeJobData }>()
    const total = await this.queue.getJobSchedulersCount()
    for (let start = 0; start < total; start += 500) {
      for (const s of await this.queue.getJobSchedulers(start, start + 499, true)) {
        const id = linkIdOf(s.key)
        if (id !== null) out.set(id, { every: s.every ?? 0, data: s.template?.data as ProbeJobData | undefined })
      }
    }
    return out
  }

  /**
   * Makes the schedulers match the targets: adds new ones, changes those whose address, interval
   * or count changed (unchanged ones keep their next slot), removes those no longer listed.
   * Targets without a valid address are left out and returned, for the caller to report.
   */
  async sync(targets: ProbeTarget[]) {
    const existing = await this.current()
    const report = { added: [] as number[], changed: [] as number[], removed: [] as number[], unchanged: 0, invalid: [] as number[] }
    const wanted = new Set<number>()
    for (const target of targets) {
      if (!isIP(target.address)) {
        report.invalid.push(target.linkId)
        continue
      }
      wanted.add(target.linkId)
      const job = probeJob(target)
      const had = existing.get(target.linkId)
      if (had && had.every === job.intervalMs && had.data?.address === job.address && had.data?.count === job.count) {
        report.unchanged++
        continue
      }
      await this.queue.upsertJobScheduler(
        probeSchedulerId(target.linkId),
        { every: job.intervalMs, offset: phaseOf(target.linkId, job.intervalMs) },
        { name: PROBE_JOB, data: job, opts: { removeOnComplete: KEPT, removeOnFail: KEPT } }
      )
      ;(had ? report.changed : report.added).push(target.linkId)
    }
    for (const linkId of existing.keys()) {
      if (wanted.has(linkId)) continue
      await this.queue.removeJobScheduler(probeSchedulerId(linkId))
      report.removed.push(linkId)
    }
    return report
  }

  async close() {
    await this.queue.close()
  }
}

/**
 * A collector process's worker on 'icmp-probe'. Bursts of many links run at once over the one
 * raw socket per family of its EchoProber. Emits 'report' after each burst.
 */
export class ProbeCollector extends EventEmitter {
  readonly worker: Worker<ProbeJobData>
  readonly reports: Queue<ProbeReport>
  readonly prober = new EchoProber()
  readonly identity = `${hostname()}:${process.pid}`

  constructor(site: QueueSite, options: { concurrency?: number; autorun?: boolean } = {}) {
    super()
    this.reports = new Queue<ProbeReport>(QUALITY_QUEUE, { connection: site.connection, prefix: site.prefix })
    this.worker = new Worker<ProbeJobData>(PROBE_QUEUE, (job) => this.#probe(job), {
      connection: site.connection,
      prefix: site.prefix,
      concurrency: Math.max(1, Math.floor(options.concurrency ?? 256)),
      // A burst lasts up to half its interval plus the last probe's timeout.
      lockDuration: 120_000,
      autorun: options.autorun ?? true,
    })
    this.worker.on('error', (error) => this.#trouble(error))
  }

  #trouble(error: unknown) {
    if (this.listenerCount('error') > 0) this.emit('error', error)
    else console.error(`probe collector: ${(error as Error)?.message ?? error}`)
  }

  async #probe(job: Job<ProbeJobData>) {
    const { linkId, address, count, spacingMs, timeoutMs } = job.data
    const slot = job.repeatJobKey ? /:(\d{10,})$/.exec(String(job.id)) : null
    const scheduledAt = slot ? Number(slot[1]) : job.timestamp
    const burst: BurstResult = await this.prober.burst(address, { count, spacingMs, timeoutMs })
    const { rtts: _rtts, family: _family, startedAt, sendErrors: _errors, sendError, ...summary } = burst
    const report: ProbeReport = {
      ...summary,
      ...(sendError ? { sendError } : {}),
      linkId,
      collector: this.identity,
      scheduledAt,
      startedAt: startedAt.getTime(),
    }
    await this.reports.add(PROBE_REPORT_JOB, report, {
      jobId: `probe-${linkId}-${report.startedAt}`,
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: 5000, age: 3600 },
      removeOnFail: { age: 24 * 3600 },
    })
    this.emit('report', report)
    return { loss: report.loss, rttMedianMs: report.rttMedianMs }
  }

  run() {
    return this.worker.run()
  }

  async close() {
    await this.worker.close()
    this.prober.close()
    await this.reports.close()
  }
}
