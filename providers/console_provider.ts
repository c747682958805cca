import type { ApplicationService } from '@adonisjs/core/types'

export default class ConsoleProvider {
  constructor(protected app: ApplicationService) {}

  /** The API speaks the column names (snake_case), as react-admin forms and CSV files do. */
  async boot() {
    const { BaseModel, SnakeCaseNamingStrategy } = await import('@adonisjs/lucid/orm')
    BaseModel.namingStrategy = new SnakeCaseNamingStrategy()
  }

  /** Production refuses to serve with a development key or a demo password still in place. */
  async ready() {
    if (!this.app.inProduction || this.app.getEnvironment() !== 'web') return
    const { assertProductionSecrets } = await import('#app/platform/production_guard')
    await assertProductionSecrets()
  }

  /** Every long-lived connection of ours, or a worker process would outlive Ctrl-C. */
  async shutdown() {
    const { closeQueues } = await import('#app/platform/queues')
    const { eventHub } = await import('#app/notifications/event_hub')
    await Promise.all([closeQueues(), eventHub.close()])
  }
}
