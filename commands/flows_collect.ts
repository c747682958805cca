import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * The long-running NetFlow v5 / v9 / IPFIX collector. With --json it stores nothing and prints
 * each decoded flow as one JSON line (like snmp:poll for SNMP); problems go to stderr with their
 * exporter, and the counters per exporter are printed to stderr when it stops.
 */
export default class FlowsCollect extends BaseCommand {
  static commandName = 'flows:collect'
  static description = 'Receive NetFlow v5, v9 and IPFIX over UDP and queue them for flows:work in batches; --json prints each flow as a JSON line instead'
  static help = [
    'node ace flows:collect --port 2055            (batches onto the flows queue; flows:work stores them)',
    'node ace flows:collect --port 2055 --json     (prints each flow, stores nothing)',
    'Ctrl-C (SIGINT) or SIGTERM stops it: the last batch is queued, then the counters per exporter go to stderr.',
  ]
  static options: CommandOptions = { startApp: false, staysAlive: true }

  @flags.number({ description: 'UDP port to listen on (default 2055)' })
  declare port?: number

  @flags.string({ description: 'Address to listen on (default 0.0.0.0; an IPv6 address listens on IPv6)' })
  declare host?: string

  @flags.number({ description: 'Socket receive buffer to ask for, in MiB (default 32)' })
  declare receiveBufferMib?: number

  @flags.boolean({ description: 'Print each decoded flow as one JSON object per line and store nothing' })
  declare json?: boolean

  @flags.number({ description: 'Flows per queue job (default FLOWS_BATCH_FLOWS, 5000)' })
  declare batch?: number

  @flags.number({ description: 'Longest a flow waits for its batch to fill, in ms (default FLOWS_BATCH_MS, 500)' })
  declare batchMs?: number

  async run() {
    const { UdpCollector } = await import('#collectors/flow/udp_collector')
    const { flowJson } = await import('#collectors/flow/flow_record')
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(this.exitCode ?? 0)
    })
    let sender: import('#collectors/flow/batch_sender').BatchSender | null = null
    if (!this.json) {
      const { BatchSender } = await import('#collectors/flow/batch_sender')
      const { defaultSite } = await import('#app/platform/queues')
      const { batchJobOptions } = await import('#app/flows/flow_jobs')
      sender = new BatchSender(defaultSite(), {
        source: 'udp',
        jobOptions: batchJobOptions,
        onError: (error, flows) => process.stderr.write(`queue refused a batch of ${flows} flows: ${error.message}\n`),
      })
    }
    const flowsConfig = (await import('#config/flows')).default
    const collector = new UdpCollector({
      port: this.port ?? 2055,
      host: this.host,
      receiveBuffer: (this.receiveBufferMib ?? 32) * 1024 * 1024,
      batchSize: sender ? (this.batch ?? flowsConfig.batchFlows) : 256,
      flushMs: sender ? (this.batchMs ?? flowsConfig.batchMs) : 50,
      onFlows: sender
        ? (flows) => sender.send(flows)
        : (flows) => process.stdout.write(flows.map((f) => JSON.stringify(flowJson(f)) + '\n').join('')),
      onProblem: (exporter, kind, detail) => process.stderr.write(`${exporter} ${kind}: ${detail}\n`),
    })
    let where: Awaited<ReturnType<typeof collector.start>>
    try {
      where = await collector.start()
    } catch (error) {
      this.logger.error(`cannot listen: ${(error as Error).message}`)
      this.exitCode = 1
      return this.terminate()
    }
    process.stderr.write(`listening on ${where.address}:${where.port}, receive buffer ${where.receiveBuffer} bytes\n`)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    const drops = await collector.kernelDrops()
    await collector.stop()
    if (sender) {
      await sender.close()
      process.stderr.write(`queued ${sender.counters.flows} flows in ${sender.counters.batches} batches; refused ${sender.counters.failedFlows}\n`)
    }
    for (const [exporter, counters] of collector.counters()) process.stderr.write(`${exporter} ${JSON.stringify(counters)}\n`)
    process.stderr.write(`kernel drops on the socket: ${drops ?? 'unknown'}\n`)
    await this.terminate()
  }
}
