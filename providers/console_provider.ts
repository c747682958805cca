import type { ApplicationService } from '@adonisjs/core/types'

export default class ConsoleProvider {
  constructor(protected app: ApplicationService) {}

  /** The API speaks the column names (snake_case), as react-admin forms and CSV files do. */
  async boot() {
    const { BaseModel, SnakeCaseNamingStrategy } = await import('@adonisjs/lucid/orm')
    BaseModel.namingStrategy = new SnakeCaseNamingStrategy()
  }

  /**
   * Production refuses to serve with a development key or a demo password still in place. Then
   * imports left running by a process that died (this server before a crash or a kill) are
   * closed as interrupted, so nobody watches them for ever.
   */
  async ready() {
    if (this.app.getEnvironment() !== 'web') return
    if (this.app.inProduction) {
      const { assertProductionSecrets } = await import('#app/platform/production_guard')
      await assertProductionSecrets()
    }
    const { sweepInterruptedJobs } = await import('#app/imports/import_jobs')
    const logger = await this.app.container.make('logger')
    await sweepInterruptedJobs()
      .then((ids) => ids.length && logger.warn({ jobs: ids }, 'imports interrupted while the server was down'))
      .catch((error) => logger.error({ err: error }, 'cannot close interrupted imports'))
  }

  /** Every long-lived connection of ours, or a worker process would outlive Ctrl-C. */
  async shutdown() {
    const { closeQueues } = await import('#app/platform/queues')
    const { eventHub } = await import('#app/notifications/event_hub')
    const { stopRunningImports } = await import('#app/imports/import_jobs')
    // Before the database closes: each import ends its batch and says what it kept.
    await stopRunningImports()
    await Promise.all([closeQueues(), eventHub.close()])
  }
}
