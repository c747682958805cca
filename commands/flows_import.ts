import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** Reads a pcap or pcapng capture into flows the way softflowd does. */
export default class FlowsImport extends BaseCommand {
  static commandName = 'flows:import'
  static description = 'Read a pcap or pcapng capture into flows and queue them for flows:work; --json prints a summary and stores nothing'
  static help = ['node ace flows:import capture.pcapng         (queued in batches; flows:work stores them)', 'node ace flows:import capture.pcapng --json  (summary only)']
  static options: CommandOptions = { startApp: false }

  @args.string({ description: 'A pcap or pcapng file' })
  declare file: string

  @flags.boolean({ description: 'Print a summary as JSON (packets read, flows, packets and bytes per protocol, damaged records)' })
  declare json?: boolean

  @flags.boolean({ description: 'Keep flows open until the end (no idle timeouts), as softflowd -r does' })
  declare noIdle?: boolean

  async run() {
    const { captureToFlows } = await import('#collectors/flow/capture_flows')
    let sender: import('#collectors/flow/batch_sender').BatchSender | null = null
    if (!this.json) {
      const { BatchSender } = await import('#collectors/flow/batch_sender')
      const { defaultSite } = await import('#app/platform/queues')
      const { batchJobOptions } = await import('#app/flows/flow_jobs')
      sender = new BatchSender(defaultSite(), { source: 'capture', jobOptions: batchJobOptions })
    }
    const batchFlows = (await import('#config/flows')).default.batchFlows
    try {
      const { summary, flows: assembled } = await captureToFlows(this.file, { idle: !this.noIdle })
      if (sender) {
        // Stored through the collector's path: batches on the queue, never one job per flow.
        for (let i = 0; i < assembled.length; i += batchFlows) sender.send(assembled.slice(i, i + batchFlows))
        await sender.close()
        const { failedFlows, flows, batches } = sender.counters
        this.logger.log(JSON.stringify({ ...summary, queued_flows: flows, queued_batches: batches, refused_flows: failedFlows }))
        if (failedFlows > 0) this.exitCode = 1
      } else this.logger.log(JSON.stringify(summary))
      if (summary.format === 'unknown') this.exitCode = 2
    } catch (error) {
      // Only an unreadable file lands here (missing, a directory, no permission): the reader itself does not throw.
      this.logger.error(`cannot read ${this.file}: ${(error as Error).message}`)
      this.exitCode = 1
    } finally {
      await sender?.close().catch(() => {})
    }
  }
}
