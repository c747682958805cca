import redis from '@adonisjs/redis/services/main'
import queueConfig from '#config/queue'
import type { CollectorReport } from '#collectors/flow/counter_report'
import type { ExporterCounters } from '#collectors/flow/flow_record'

/**
 * The flow collectors' reports, kept in Redis: one hash field per exporter (its latest counters,
 * which collector heard it, when) and one per collector (its socket's kernel drops). Written by
 * `flows:collect` every few seconds, read by the Flow exporters page and /metrics. Counters
 * start again at zero when a collector restarts, as Prometheus counters do.
 */

const EXPORTERS = () => `${queueConfig.prefix}:flows:exporters`
const COLLECTORS = () => `${queueConfig.prefix}:flows:collectors`

export interface StoredExporter {
  exporter: string
  collector: string
  counters: ExporterCounters
  firstSeen: string
  lastSeen: string
  reportedAt: string
}

export interface StoredCollector {
  collector: string
  startedAt: string
  reportedAt: string
  receiveBuffer: number
  kernelDrops: number | null
}

export async function storeReport(report: CollectorReport) {
  const pipeline = redis.pipeline()
  const collector: StoredCollector = {
    collector: report.collector,
    startedAt: report.startedAt,
    reportedAt: report.reportedAt,
    receiveBuffer: report.receiveBuffer,
    kernelDrops: report.kernelDrops,
  }
  pipeline.hset(COLLECTORS(), report.collector, JSON.stringify(collector))
  for (const e of report.exporters) {
    const stored: StoredExporter = { ...e, collector: report.collector, reportedAt: report.reportedAt }
    pipeline.hset(EXPORTERS(), e.exporter, JSON.stringify(stored))
  }
  await pipeline.exec()
}

function parsed<T>(values: Record<string, string>): T[] {
  const rows: T[] = []
  for (const value of Object.values(values)) {
    try {
      rows.push(JSON.parse(value) as T)
    } catch {
      // A field someone wrote by hand: not a report.
    }
  }
  return rows
}

export async function readExporters(): Promise<StoredExporter[]> {
  return parsed<StoredExporter>(await redis.hgetall(EXPORTERS()))
}

export async function readCollectors(): Promise<StoredCollector[]> {
  return parsed<StoredCollector>(await redis.hgetall(COLLECTORS()))
}

/** Forgets every report (tests). */
export async function clearReports() {
  await redis.del(EXPORTERS(), COLLECTORS())
}
