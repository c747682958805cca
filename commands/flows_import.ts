import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** Reads a pcap or pcapng capture into flows the way softflowd does. */
export default class FlowsImport extends BaseCommand {
  static commandName = 'flows:import'
  static description = 'Read a pcap or pcapng capture into flows; --json prints a summary (storage is not built yet)'
  static help = ['node ace flows:import capture.pcapng --json']
  static options: CommandOptions = { startApp: false }

  @args.string({ description: 'A pcap or pcapng file' })
  declare file: string

  @flags.boolean({ description: 'Print a summary as JSON (packets read, flows, packets and bytes per protocol, damaged records)' })
  declare json?: boolean

  @flags.boolean({ description: 'Keep flows open until the end (no idle timeouts), as softflowd -r does' })
  declare noIdle?: boolean

  async run() {
    if (!this.json) {
      this.logger.error('storing flows is not built yet: run with --json to print a summary instead')
      this.exitCode = 1
      return
    }
    const { captureToFlows } = await import('#collectors/flow/capture_flows')
    try {
      const { summary } = await captureToFlows(this.file, { idle: !this.noIdle })
      this.logger.log(JSON.stringify(summary))
      if (summary.format === 'unknown') this.exitCode = 2
    } catch (error) {
      // Only an unreadable file lands here (missing, a directory, no permission): the reader itself does not throw.
      this.logger.error(`cannot read ${this.file}: ${(error as Error).message}`)
      this.exitCode = 1
    }
  }
}
