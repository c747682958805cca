import type { Collector } from '#collectors/polling/collector'
import type { PollReport } from '#collectors/polling/wire'
import {
  monitoringBatches,
  monitoringReports,
  snmpPollDuration,
  snmpPollLate,
  snmpPollLateness,
  snmpPollSkipped,
  snmpPolls,
} from '#app/platform/metrics'
import type { BatchStats, MonitoringWorker } from '#app/monitoring/ingest/monitoring_worker'

/** Counts one poll report into the Prometheus series of app/platform/metrics.ts. */
export function countPoll(report: PollReport) {
  if (report.result === 'skipped') {
    snmpPollSkipped.inc()
    return
  }
  snmpPolls.inc({ result: report.result === 'ok' ? 'ok' : (report.error?.kind ?? 'failed') })
  snmpPollDuration.observe(report.durationMs / 1000)
  if (report.trigger === 'schedule') snmpPollLateness.observe(report.lateMs / 1000)
  if (report.late) snmpPollLate.inc()
}

/** Collectors emit their reports; the metrics live on the service side, so they are wired here. */
export function instrumentCollector(collector: Collector) {
  collector.on('report', countPoll)
  return collector
}

export function countBatch(stats: BatchStats) {
  monitoringBatches.observe(stats.durationMs / 1000)
  for (const outcome of ['ok', 'failed', 'skipped', 'stale', 'invalid'] as const) {
    if (stats[outcome]) monitoringReports.inc({ outcome }, stats[outcome])
  }
}

export function instrumentMonitoringWorker(worker: MonitoringWorker) {
  worker.on('batch', countBatch)
  return worker
}
