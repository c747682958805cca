import db from '@adonisjs/lucid/services/db'
import { Worker } from 'bullmq'
import type { QueueSite } from '#collectors/polling/wire'
import { ProbeSchedule, QUALITY_QUEUE, type ProbeReport, type ProbeTarget } from '#collectors/probe/probe_schedule'
import { recordProbes } from '#app/line_quality/record_probes'
import type { AlarmService } from '#app/monitoring/alarm_service'

/** Links with a far-end address that are not decommissioned: what the collectors probe. */
export async function probeTargets(): Promise<ProbeTarget[]> {
  const rows = await db
    .from('links')
    .whereNotNull('probe_address')
    .whereNot('status', 'decommissioned')
    .select('id', db.raw('host(probe_address) AS address'))
    .orderBy('id')
  return rows.map((r) => ({ linkId: Number(r.id), address: String(r.address) }))
}

/** Makes the probe schedule match the inventory (the monitoring worker's periodic sync). */
export async function syncProbeSchedule(site: QueueSite) {
  const schedule = new ProbeSchedule(site)
  try {
    return await schedule.sync(await probeTargets())
  } finally {
    await schedule.close()
  }
}

/**
 * A stored burst as the link-state rules take it: an observation of the link at the burst's
 * start, its figures in `probe` (the interface fields are not read for a burst).
 */
export function burstObservation(report: ProbeReport) {
  return {
    linkId: report.linkId,
    at: new Date(report.startedAt),
    reachable: true,
    operStatus: null,
    adminStatus: null,
    inUtil: null,
    outUtil: null,
    errorRate: null,
    probe: { sent: report.sent, loss: report.loss, rttMedianMs: report.rttMedianMs, jitterMs: report.jitterMs },
  }
}

/**
 * The monitoring side of the probes: takes each report off 'line-quality', stores it and hands
 * it to the alarm service, so a line losing packets turns degraded (or down) through the same
 * link states, incidents and suppression as the SNMP polls. A report the store refuses (unknown
 * link, malformed) or already has (delivered twice) is counted in the job's return value, never
 * retried and never judged again; one that meets a database outage fails and BullMQ tries it
 * again (the state rules drop a burst they have already taken).
 */
export class ProbeIngest {
  readonly worker: Worker<ProbeReport>
  refused = 0

  constructor(site: QueueSite, options: { concurrency?: number; autorun?: boolean; alarms?: Pick<AlarmService, 'observe'> } = {}) {
    this.worker = new Worker<ProbeReport>(
      QUALITY_QUEUE,
      async (job) => {
        const result = await recordProbes([job.data])
        this.refused += result.rejected.length
        // A duplicate is judged again: the first delivery may have failed after storing it.
        if (result.written + result.duplicates === 0) return result
        const alarms = options.alarms ?? (await import('#app/monitoring/alarm_service')).alarmService
        const observed = await alarms.observe([burstObservation(job.data)])
        return { ...result, changes: observed.changes, incidentsOpened: observed.incidentsOpened, incidentsSettled: observed.incidentsSettled }
      },
      { connection: site.connection, prefix: site.prefix, concurrency: options.concurrency ?? 8, autorun: options.autorun ?? true }
    )
    this.worker.on('error', (error) => console.error(`probe ingest: ${error.message}`))
  }

  async close() {
    await this.worker.close()
  }
}
