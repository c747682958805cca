/**
 * What a running collector says about itself and its exporters, every so often: the counters
 * per exporter with when each was first and last heard, and what the kernel dropped on the
 * socket (which no exporter can be blamed for: the datagram was never read). Where the report
 * goes is the caller's business (the command hands it to Redis); this file knows no store.
 */
import type { ExporterCounters } from './flow_record.js'
import type { UdpCollector } from './udp_collector.js'

export interface ExporterReport {
  exporter: string
  counters: ExporterCounters
  /** ISO 8601. */
  firstSeen: string
  lastSeen: string
}

export interface CollectorReport {
  /** Where the collector listens (address:port): one report per collector process. */
  collector: string
  startedAt: string
  reportedAt: string
  receiveBuffer: number
  /** Datagrams the kernel dropped on the socket since it opened; null when /proc cannot tell. */
  kernelDrops: number | null
  exporters: ExporterReport[]
}

export type ReportSink = (report: CollectorReport) => Promise<void>

/** Builds a report of the collector as it is now. */
export async function collectorReport(collector: UdpCollector, where: { address: string; port: number; receiveBuffer: number }, startedAt: Date): Promise<CollectorReport> {
  const exporters: ExporterReport[] = []
  for (const [exporter, counters] of collector.counters()) {
    const seen = collector.seen.get(exporter)
    if (!seen) continue
    exporters.push({ exporter, counters: { ...counters }, firstSeen: new Date(seen.first).toISOString(), lastSeen: new Date(seen.last).toISOString() })
  }
  return {
    collector: `${where.address}:${where.port}`,
    startedAt: startedAt.toISOString(),
    reportedAt: new Date().toISOString(),
    receiveBuffer: where.receiveBuffer,
    kernelDrops: await collector.kernelDrops(),
    exporters,
  }
}

/**
 * Sends a report every `everyMs` and a last one on stop. A report that cannot be delivered
 * (the store is down) is reported to `onError` and the next one tries again: intake never
 * waits on it.
 */
export class CounterReporter {
  #timer: NodeJS.Timeout | null = null
  #sending: Promise<void> = Promise.resolve()

  constructor(
    readonly report: () => Promise<CollectorReport>,
    readonly sink: ReportSink,
    readonly everyMs: number,
    readonly onError: (error: Error) => void = () => {}
  ) {}

  start() {
    this.#timer = setInterval(() => this.send(), this.everyMs)
    this.#timer.unref?.()
    return this
  }

  send(): Promise<void> {
    this.#sending = this.#sending.then(async () => {
      try {
        await this.sink(await this.report())
      } catch (error) {
        this.onError(error as Error)
      }
    })
    return this.#sending
  }

  async stop() {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    await this.send()
  }
}
