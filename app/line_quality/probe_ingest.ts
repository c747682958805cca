import db from '@adonisjs/lucid/services/db'
import { Worker } from 'bullmq'
import type { QueueSite } from '#collectors/polling/wire'
import { ProbeSchedule, QUALITY_QUEUE, type ProbeReport, type ProbeTarget } from '#collectors/probe/probe_schedule'
import { recordProbes } from '#app/line_quality/record_probes'

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
 * The monitoring side of the probes: takes each report off 'line-quality' and stores it. A report
 * the store refuses (unknown link, malformed) is counted in the job's return value, never retried
 * and never fatal; one that meets a database outage fails and BullMQ tries it again.
 */
export class ProbeIngest {
  readonly worker: Worker<ProbeReport>
  refused = 0

  constructor(site: QueueSite, options: { concurrency?: number; autorun?: boolean } = {}) {
    this.worker = new Worker<ProbeReport>(
      QUALITY_QUEUE,
      async (job) => {
        const result = await recordProbes([job.data])
        this.refused += result.rejected.length
        return result
      },
      { connection: site.connection, prefix: site.prefix, concurrency: options.concurrency ?? 8, autorun: options.autorun ?? true }
    )
    this.worker.on('error', (error) => console.error(`probe ingest: ${error.message}`))
  }

  async close() {
    await this.worker.close()
  }
}
