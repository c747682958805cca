import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { repeatUntilStopped } from '#app/platform/stop_signal'

/**
 * Rolls link samples up to 5 minutes, 1 hour and 1 day and drops what is past retention.
 * Run it from cron, or with --every to keep it running (the demo does).
 */
export default class SamplesMaintain extends BaseCommand {
  static commandName = 'samples:maintain'
  static description = 'Roll up link samples (5 min, 1 h, 1 day) and drop expired partitions'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Repeat every N seconds instead of running once' })
  declare every?: number

  async run() {
    const { maintainSamples } = await import('#app/samples/rollups')
    const once = async () => {
      const started = Date.now()
      const report = await maintainSamples()
      this.logger.info(
        `rolled up ${report.rows['5m']} 5-minute, ${report.rows['1h']} hourly, ${report.rows['1d']} daily rows; ` +
          `final to ${report.rolledTo['5m'] ?? '-'} / ${report.rolledTo['1h'] ?? '-'} / ${report.rolledTo['1d'] ?? '-'}; ` +
          `dropped ${report.dropped.length ? report.dropped.join(', ') : 'nothing'} (${Date.now() - started} ms)`
      )
    }
    if (!this.every) {
      await once()
      await this.terminate()
      return
    }
    await repeatUntilStopped(this.every, once, (error) => this.logger.error(`samples maintenance failed: ${error.message}`))
    await this.terminate()
  }
}
