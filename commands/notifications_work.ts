import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { stopSignal } from '#app/platform/stop_signal'

/** Sends queued notifications (e-mail, signed webhooks) until stopped with SIGTERM or Ctrl-C. */
export default class NotificationsWork extends BaseCommand {
  static commandName = 'notifications:work'
  static description = 'Send queued notifications (e-mail over SMTP, signed webhooks), retrying with backoff, and give SLA warnings and breaches'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Deliveries sent at once (default 10)' })
  declare concurrency?: number

  async run() {
    const { startNotificationWorker } = await import('#app/notifications/worker')
    const { closeMailTransport } = await import('#app/notifications/senders')
    const { startSlaWorker } = await import('#app/service_levels/sla_alarms')
    const worker = startNotificationWorker({ concurrency: this.concurrency })
    // SLA warnings and breaches fire here: each ends in a notification (sla_alarms.ts says why here).
    const slaWorker = startSlaWorker()
    slaWorker.on('failed', (job, error) => this.logger.warning(`SLA alarm ${job?.id}: ${error.message}`))
    const what = (job: { name: string; data: any } | undefined) =>
      job?.name === 'deliver' ? `delivery ${job.data.deliveryId}` : `event ${job?.name}`
    worker.on('completed', (job) => this.logger.info(`${what(job)} done`))
    worker.on('failed', (job, error) => {
      const left = job ? (job.opts.attempts ?? 1) - job.attemptsMade : 0
      this.logger.warning(`${what(job)}: ${error.message}${left > 0 ? ` (${left} attempts left)` : ' (given up)'}`)
    })
    // Listening for SIGTERM before saying so: a signal between the two killed the worker outright.
    const stopped = stopSignal()
    this.logger.info('notification worker started')
    await stopped
    await Promise.all([worker.close(), slaWorker.close()])
    closeMailTransport()
    await this.terminate()
  }
}
