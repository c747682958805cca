import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { stopSignal } from '#app/platform/stop_signal'

/**
 * Stores the flow batches flows:collect and flows:import put on the 'flows' queue. Several may
 * run; a batch that fails (storage away) stays in the queue and is tried again with back-off.
 */
export default class FlowsWork extends BaseCommand {
  static commandName = 'flows:work'
  static description = 'Store queued flow batches (placed on devices, links and agencies) in the configured flow store'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Batches stored at once (default 2)' })
  declare concurrency?: number

  async run() {
    const { startFlowWorker } = await import('#app/flows/flow_worker')
    const { defaultSite } = await import('#app/platform/queues')
    let flows = 0
    let stored = 0
    const { worker } = startFlowWorker(defaultSite(), {
      concurrency: this.concurrency,
      onBatch: (stats) => {
        flows += stats.flows
        stored += stats.stored
      },
    })
    worker.on('error', (error) => this.logger.error(`flow worker: ${(error as Error).message}`))
    worker.on('failed', (job, error) =>
      this.logger.warning(`flow batch ${job?.id} not stored (attempt ${job?.attemptsMade}), kept for a retry: ${error.message}`)
    )
    const summary = setInterval(() => {
      if (flows) this.logger.info(`last minute: ${flows} flows taken, ${stored} stored (the rest were batches already stored)`)
      flows = stored = 0
    }, 60_000)
    // Listening for SIGTERM before saying so: a signal between the two killed the worker outright.
    const stopped = stopSignal()
    this.logger.info('flow worker started')
    await stopped
    clearInterval(summary)
    await worker.close()
    await this.terminate()
  }
}
