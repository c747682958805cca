import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { stopSignal } from '#app/platform/stop_signal'

/**
 * A collector process: takes poll jobs off the 'snmp-poll' queue, polls devices over SNMP and
 * puts the raw snapshots on 'link-samples'. Run as many as needed, on as many machines as can
 * reach the devices; they share the work through the queue. Stops cleanly on SIGTERM or Ctrl-C
 * (polls in flight finish first).
 */
export default class CollectorRun extends BaseCommand {
  static commandName = 'collector:run'
  static description = 'Poll devices over SNMP as BullMQ jobs from the snmp-poll queue and queue the snapshots for the monitoring worker'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Devices polled at once by this process (default 64)' })
  declare concurrency?: number

  @flags.number({ description: 'Milliseconds to wait for each SNMP answer (default 2000)' })
  declare timeout?: number

  @flags.number({ description: 'Retransmissions per SNMP request (default 1)' })
  declare retries?: number

  @flags.number({ description: 'A poll taken this many ms after its slot is late (default: half the interval, at most 15000)' })
  declare lateAfter?: number

  @flags.number({ description: 'Serve Prometheus metrics on this port (127.0.0.1:PORT/metrics)' })
  declare metricsPort?: number

  @flags.number({ description: 'Also receive SNMP traps on this UDP port (162 is standard); linkDown/linkUp/coldStart poll the device at once' })
  declare trapsPort?: number

  @flags.string({ description: 'Address to receive traps on (default all IPv4 addresses)' })
  declare trapsAddress?: string

  @flags.array({ description: 'A community to accept traps with, besides the devices\' own (repeatable)' })
  declare trapCommunity?: string[]

  @flags.boolean({ description: 'Also send the ICMP echo bursts of line quality (needs CAP_NET_RAW); --no-probes to leave them to other collectors', default: true })
  declare probes: boolean

  async run() {
    const { startCollector } = await import('#app/monitoring/processes')
    // Line quality: bursts for the links with a far-end address; raw sockets open at the first job.
    const { ProbeCollector } = await import('#collectors/probe/probe_schedule')
    const { defaultSite } = await import('#app/platform/queues')
    const probes = this.probes === false ? null : new ProbeCollector(defaultSite())
    probes?.on('error', (error) => this.logger.error(`probes: ${(error as Error).message}`))
    const collector = startCollector({
      concurrency: this.concurrency,
      timeoutMs: this.timeout,
      retries: this.retries,
      lateAfterMs: this.lateAfter,
    })
    collector.on('error', (error) => this.logger.error(`collector: ${(error as Error).message}`))
    let polls = 0
    let failed = 0
    let late = 0
    let skipped = 0
    collector.on('report', (report) => {
      polls++
      if (report.result === 'failed') failed++
      if (report.result === 'skipped') skipped++
      if (report.late) late++
    })
    const summary = setInterval(() => {
      if (polls) this.logger.info(`last minute: ${polls} polls, ${failed} failed, ${late} late, ${skipped} skipped`)
      polls = failed = late = skipped = 0
    }, 60_000)
    let trapLog: NodeJS.Timeout | undefined
    let traps: Awaited<ReturnType<typeof import('#app/monitoring/processes').startTrapListener>> | null = null
    if (this.trapsPort) {
      const { startTrapListener } = await import('#app/monitoring/processes')
      traps = await startTrapListener({ port: this.trapsPort, address: this.trapsAddress, communities: this.trapCommunity })
      traps.on('error', (error) => this.logger.error(`traps: ${(error as Error).message}`))
      // A flood must not become a flood of log lines: the first few of every 10 s are told one by
      // one, the rest only counted (gsn_snmp_traps_total has them all).
      const told = { lines: 0, quiet: { traps: 0, refused: 0 }, dropped: 0 }
      const tell = (line: () => void, kind: 'traps' | 'refused') => {
        if (told.lines++ < 20) line()
        else told.quiet[kind]++
      }
      trapLog = setInterval(() => {
        const { traps: quietTraps, refused } = told.quiet
        if (quietTraps || refused || told.dropped) {
          this.logger.warning(`last 10 s: ${quietTraps} more traps and ${refused} more refused not logged, ${told.dropped} dropped as a flood`)
        }
        told.lines = told.quiet.traps = told.quiet.refused = told.dropped = 0
      }, 10_000)
      traps.on('trap', (t) => {
        if (t.action === 'ignored') return
        tell(() => this.logger.info(`${t.kind} from ${t.address}${t.ifIndex ? ` ifIndex ${t.ifIndex}` : ''}: ${t.action === 'polled' ? `polling device ${t.devices.join(', ')} now` : 'no device has that address'}`), 'traps')
      })
      traps.on('rejected', (r) => tell(() => this.logger.warning(`trap refused (${r.reason}) from ${r.source?.address ?? '?'}: ${r.detail}`), 'refused'))
      traps.on('dropped', (d) => (told.dropped += d.count))
    }
    const server = this.metricsPort ? await (await import('#app/platform/metrics_server')).serveMetrics(this.metricsPort) : null
    this.logger.info(
      `collector ${collector.identity} started${traps ? `, traps on UDP ${this.trapsPort}` : ''}${server ? `, metrics on 127.0.0.1:${this.metricsPort}/metrics` : ''}`
    )
    await stopSignal()
    clearInterval(summary)
    clearInterval(trapLog)
    server?.close()
    await traps?.close()
    await probes?.close()
    await collector.close()
    await this.terminate()
  }
}
