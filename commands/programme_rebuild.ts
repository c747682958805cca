import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Rebuilds a month's programme snapshot the month-end job missed: today's inventory rolled back
 * through the audit log to the month's end (midnight, Taipei).
 */
export default class ProgrammeRebuild extends BaseCommand {
  static commandName = 'programme:rebuild'
  static description = "Rebuild a missed month's programme snapshot from the audit log"
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'YYYY-MM: the month to rebuild', required: true })
  declare month: string

  @flags.boolean({ description: 'Replace the month\'s snapshot if it has one' })
  declare replace?: boolean

  @flags.boolean({ description: 'Print the result as JSON' })
  declare json?: boolean

  async run() {
    const { MONTH_PATTERN, monthOf } = await import('#app/reports/monthly_figures')
    const { rebuildSnapshot } = await import('#app/programme/programme_snapshots')
    const { message } = await import('#app/core/messages')
    if (!MONTH_PATTERN.test(this.month)) {
      this.logger.error(`--month must be YYYY-MM, not ${this.month}`)
      this.exitCode = 1
      return
    }
    if (this.month >= monthOf(new Date())) {
      this.logger.error(message('programme.month_not_ended', { month: this.month }).in('en'))
      this.exitCode = 1
      return
    }
    const result = { month: this.month, ...(await rebuildSnapshot(this.month, { replace: this.replace })) }
    if (this.json) this.logger.log(JSON.stringify(result))
    else if (result.stored) this.logger.info(`${result.month}: rebuilt ${result.rows} figures from the audit log`)
    else this.logger.info(message('programme.snapshot_exists', { month: result.month }).in('en'))
  }
}
