import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { repeatUntilStopped } from '#app/platform/stop_signal'

/** Deletes security events and sightings past retention (config/security_events.ts), keeping open incidents' evidence. */
export default class SecurityMaintain extends BaseCommand {
  static commandName = 'security:maintain'
  static description = 'Delete security events and indicator sightings past retention, except those of open incidents'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Repeat every N seconds instead of running once' })
  declare every?: number

  @flags.number({ description: 'Keep this many days instead of SECURITY_EVENTS_DAYS' })
  declare days?: number

  async run() {
    const { expireSecurityRecords } = await import('#app/security/security_retention')
    const { default: config } = await import('#config/security_events')
    const { message } = await import('#app/core/messages')
    const days = this.days ?? config.retentionDays
    if (!(Number.isFinite(days) && days > 0)) {
      this.logger.error(message('detections.retention_days').in('en'))
      this.exitCode = 1
      await this.terminate()
      return
    }
    const once = async () => {
      const done = await expireSecurityRecords(new Date(), days)
      this.logger.info(message('detections.retention_done', { events: done.events, sightings: done.sightings, days }).in('en'))
    }
    if (!this.every) {
      await once()
      await this.terminate()
      return
    }
    await repeatUntilStopped(this.every, once, (error) => this.logger.error(`security maintenance failed: ${error.message}`))
    await this.terminate()
  }
}
