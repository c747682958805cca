import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { stopSignal } from '#app/platform/stop_signal'

/**
 * The service side of link monitoring: turns poll reports from the 'link-samples' queue into
 * link samples, link states, incidents and notifications, and keeps the poll schedule in step
 * with the devices table. Several may run; they share the reports through the queue.
 */
export default class MonitoringWork extends BaseCommand {
  static commandName = 'monitoring:work'
  static description = 'Write poll reports from link-samples as samples, link states and incidents; keep the poll schedule in sync with the devices table'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Largest batch of poll reports written together (default 256)' })
  declare batch?: number

  @flags.number({ description: 'Milliseconds the first report of a batch waits for others (default 200)' })
  declare waitMs?: number

  @flags.number({ description: 'Seconds between looks at the devices table for schedule changes (default 30)' })
  declare syncEvery?: number

  @flags.boolean({
    description: 'Keep the poll schedule in sync with the devices table (default; --no-sync where another monitoring worker does it)',
    default: true,
    showNegatedVariantInHelp: true,
  })
  declare sync: boolean

  @flags.number({ description: 'Serve Prometheus metrics on this port (127.0.0.1:PORT/metrics)' })
  declare metricsPort?: number

  async run() {
    const { startMonitoring } = await import('#app/monitoring/processes')
    const monitoring = await startMonitoring({
      maxBatchReports: this.batch,
      maxWaitMs: this.waitMs,
      sync: this.sync === false ? false : { tickMs: (this.syncEvery ?? 30) * 1000 },
    })
    monitoring.worker.on('error', (error) => this.logger.error(`monitoring worker: ${(error as Error).message}`))
    // Line quality: stores the collectors' burst reports and keeps the probe schedule in step
    // with the links' far-end addresses, on the same tick as the poll schedule.
    const { ProbeIngest, syncProbeSchedule } = await import('#app/line_quality/probe_ingest')
    const { defaultSite } = await import('#app/platform/queues')
    const probeIngest = new ProbeIngest(defaultSite())
    const syncProbes = () =>
      syncProbeSchedule(defaultSite()).catch((error: Error) => this.logger.error(`probe schedule: ${error.message}`))
    const probeSync = this.sync === false ? null : setInterval(syncProbes, (this.syncEvery ?? 30) * 1000)
    if (probeSync) await syncProbes()
    let batches = 0
    let links = 0
    let opened = 0
    monitoring.worker.on('batch', (stats) => {
      batches++
      links += stats.links
      opened += stats.incidentsOpened
    })
    const summary = setInterval(() => {
      if (batches) this.logger.info(`last minute: ${batches} batches, ${links} link samples, ${opened} incidents opened`)
      batches = links = opened = 0
    }, 60_000)
    const server = this.metricsPort ? await (await import('#app/platform/metrics_server')).serveMetrics(this.metricsPort) : null
    const scheduled = await monitoring.sync?.schedule.queue.getJobSchedulersCount()
    this.logger.info(`monitoring worker started${scheduled !== undefined ? `, ${scheduled} devices scheduled` : ''}`)
    await stopSignal()
    clearInterval(summary)
    server?.close()
    if (probeSync) clearInterval(probeSync)
    await probeIngest.close()
    await monitoring.close()
    await this.terminate()
  }
}
