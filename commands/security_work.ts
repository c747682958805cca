import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { stopSignal } from '#app/platform/stop_signal'

/**
 * Files the security events security:listen, flows:work's detections and the liaisons' reports
 * put on the 'security-events' queue: each stored once and grouped into one security incident
 * per attack. Several may run; an event that fails (storage away) is kept and retried.
 */
export default class SecurityWork extends BaseCommand {
  static commandName = 'security:work'
  static description = 'Store queued security events and group them into security incidents (one per attack)'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Events filed at once (default 1)' })
  declare concurrency?: number

  async run() {
    const { startSecurityWorker } = await import('#app/security/security_worker')
    const { defaultSite } = await import('#app/platform/queues')
    const counts: Record<string, number> = {}
    const { worker } = startSecurityWorker(defaultSite(), {
      concurrency: this.concurrency,
      onFiled: (outcome) => (counts[outcome] = (counts[outcome] ?? 0) + 1),
    })
    worker.on('error', (error) => this.logger.error(`security worker: ${(error as Error).message}`))
    worker.on('failed', (job, error) =>
      this.logger.warning(`security event ${job?.id} not filed (attempt ${job?.attemptsMade}), kept for a retry: ${error.message}`)
    )
    const summary = setInterval(() => {
      const said = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')
      if (said) this.logger.info(`last minute: ${said}`)
      for (const k of Object.keys(counts)) delete counts[k]
    }, 60_000)
    // Listening for SIGTERM before saying so: a signal between the two killed the worker outright.
    const stopped = stopSignal()
    this.logger.info('security worker started')
    await stopped
    clearInterval(summary)
    await worker.close()
    await this.terminate()
  }
}
