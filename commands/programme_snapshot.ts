import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { repeatUntilStopped } from '#app/platform/stop_signal'

/**
 * Takes the programme's month-end snapshot. With --month, stores that month from today's
 * inventory (run it when the month has just ended); without, it is the month-end job: the month
 * that ended last, as it stood at its end, unless it is already stored. --every keeps the job
 * running (a check every N seconds does nothing until a month ends); cron on the 1st works too.
 */
export default class ProgrammeSnapshot extends BaseCommand {
  static commandName = 'programme:snapshot'
  static description = "Store the programme's month-end snapshot of every measure, nationally and per agency"
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.string({ description: 'YYYY-MM: store this month from today\'s inventory' })
  declare month?: string

  @flags.boolean({ description: 'Take the month again when it already has a snapshot' })
  declare replace?: boolean

  @flags.number({ description: 'Run the month-end job every N seconds instead of once' })
  declare every?: number

  @flags.boolean({ description: 'Print the result as JSON' })
  declare json?: boolean

  async run() {
    const { MONTH_PATTERN } = await import('#app/reports/monthly_figures')
    const { monthEndJob, takeSnapshot } = await import('#app/programme/programme_snapshots')
    const { message } = await import('#app/core/messages')
    const report = (result: { month: string; stored: boolean; rows: number }) => {
      if (this.json) this.logger.log(JSON.stringify(result))
      else if (result.stored) this.logger.info(`${result.month}: stored ${result.rows} figures`)
      else this.logger.info(message('programme.snapshot_exists', { month: result.month }).in('en'))
    }
    if (this.month !== undefined) {
      if (!MONTH_PATTERN.test(this.month)) {
        this.logger.error(`--month must be YYYY-MM, not ${this.month}`)
        this.exitCode = 1
      } else report({ month: this.month, ...(await takeSnapshot(this.month, { replace: this.replace })) })
      await this.terminate()
      return
    }
    if (!this.every) {
      report(await monthEndJob())
      await this.terminate()
      return
    }
    await repeatUntilStopped(this.every, async () => report(await monthEndJob()), (error) => this.logger.error(`programme snapshot failed: ${error.message}`))
    await this.terminate()
  }
}
