import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { repeatUntilStopped } from '#app/platform/stop_signal'

/** Makes the flow partitions ahead of time and drops what is past retention (config/flows.ts). */
export default class FlowsMaintain extends BaseCommand {
  static commandName = 'flows:maintain'
  static description = 'Create the coming flow partitions and drop raw flows and minute aggregates past retention'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Repeat every N seconds instead of running once' })
  declare every?: number

  async run() {
    const { maintainFlows } = await import('#app/flows/maintenance')
    const once = async () => {
      const dropped = await maintainFlows(new Date())
      this.logger.info(`flow partitions ready; dropped ${dropped.length ? dropped.join(', ') : 'nothing'}`)
    }
    if (!this.every) {
      await once()
      await this.terminate()
      return
    }
    await repeatUntilStopped(this.every, once, (error) => this.logger.error(`flow maintenance failed: ${error.message}`))
    await this.terminate()
  }
}
