import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { repeatUntilStopped } from '#app/platform/stop_signal'

/**
 * E-mails the programme review to the CIOs. Without --month it is the monthly job: from the first
 * working day of a month on, the month just ended goes to every CIO who has not had it (run it
 * daily from cron, or keep it running with --every). With --month, that month goes out now.
 */
export default class ProgrammeMail extends BaseCommand {
  static commandName = 'programme:mail'
  static description = "E-mail the month's programme review (PDF) to the CIOs of each scope"
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.string({ description: 'YYYY-MM: send this month now' })
  declare month?: string

  @flags.number({ description: 'Run the monthly job every N seconds instead of once' })
  declare every?: number

  async run() {
    const { MONTH_PATTERN } = await import('#app/reports/monthly_figures')
    const { mailProgrammeReviews, monthlyMailJob } = await import('#app/programme/programme_mail')
    const report = (r: { month: string; sent: string[]; failed: Array<{ email: string; reason: string }>; waiting?: boolean }) => {
      if (r.waiting) this.logger.info(`${r.month}: waiting for the first working day of the next month`)
      else this.logger.info(`${r.month}: sent to ${r.sent.length}, failed ${r.failed.length}`)
      for (const f of r.failed) this.logger.error(`${f.email}: ${f.reason}`)
      if (r.failed.length) this.exitCode = 1
    }
    if (this.month !== undefined) {
      if (!MONTH_PATTERN.test(this.month)) {
        this.logger.error(`--month must be YYYY-MM, not ${this.month}`)
        this.exitCode = 1
      } else report(await mailProgrammeReviews(this.month))
    } else if (!this.every) report(await monthlyMailJob())
    else await repeatUntilStopped(this.every, async () => report(await monthlyMailJob()), (error) => this.logger.error(`programme mail failed: ${error.message}`))
    await this.terminate()
  }
}
