import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * The sensors' intake: syslog on UDP and TCP, Suricata's eve.json followed as it grows, and its
 * Redis list output. Each alert or message is queued as a security event for security:work
 * (which places it on agencies and links by address and groups it into incidents), or with
 * --json printed as one JSON line instead (like flows:collect --json for flows). Problems go to
 * stderr with their source; the counters are printed to stderr when it stops.
 */
export default class SecurityListen extends BaseCommand {
  static commandName = 'security:listen'
  static description = 'Receive syslog (UDP and TCP) and Suricata EVE alerts (file or Redis list) and queue them as security events; --json prints each as a JSON line instead'
  static help = [
    'node ace security:listen --syslog-port 5514 --eve /var/log/suricata/eve.json --eve-redis suricata --json',
    'Ctrl-C (SIGINT) or SIGTERM stops it and prints the counters to stderr.',
  ]
  static options: CommandOptions = { startApp: false, staysAlive: true }

  @flags.number({ description: 'Port for syslog over UDP and TCP both (RFC 5424 and RFC 3164; TCP octet-counted or LF-framed)' })
  declare syslogPort?: number

  @flags.string({ description: 'Address to listen on for syslog (default 0.0.0.0)' })
  declare host?: string

  @flags.string({ description: "Suricata's eve.json to follow (from its end; survives rotation and truncation)" })
  declare eve?: string

  @flags.boolean({ description: 'Read the eve.json file from its start rather than its end' })
  declare fromStart?: boolean

  @flags.string({ description: "Redis list key of Suricata's eve-log redis output (the console's Redis connection)" })
  declare eveRedis?: string

  @flags.string({ description: "Suricata's redis output mode: list (its default, LPUSH) or rpush" })
  declare eveRedisMode?: string

  @flags.boolean({ description: 'Print each alert and message as one JSON object per line and store nothing' })
  declare json?: boolean

  async run() {
    if (this.syslogPort === undefined && !this.eve && !this.eveRedis) {
      this.logger.error('nothing to listen to: give --syslog-port, --eve or --eve-redis')
      this.exitCode = 1
      return this.terminate()
    }
    if (this.eveRedisMode && !['list', 'lpush', 'rpush'].includes(this.eveRedisMode)) {
      this.logger.error(`--eve-redis-mode ${this.eveRedisMode}: use list (LPUSH) or rpush`)
      this.exitCode = 1
      return this.terminate()
    }
    const { countEveLine, emptyEveCounters, eveAlertJson } = await import('#collectors/security/eve')
    const { syslogJson } = await import('#collectors/security/syslog')
    const { SyslogReceiver } = await import('#collectors/security/syslog_receiver')
    const { FileTail } = await import('#collectors/security/file_tail')
    const { RedisListReader } = await import('#collectors/security/redis_list')
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(this.exitCode ?? 0)
    })
    const print = (value: object) => process.stdout.write(JSON.stringify(value) + '\n')
    const problem = (source: string, detail: string) => process.stderr.write(`${source} ${detail}\n`)
    const stops: (() => Promise<void>)[] = []
    const reports: (() => string)[] = []
    const queueing = this.json ? null : await this.#queueing(problem)
    if (queueing) reports.push(() => `queued ${queueing.sender.queued} security events`)

    try {
      if (this.syslogPort !== undefined) {
        const receiver = new SyslogReceiver({
          host: this.host,
          udpPort: this.syslogPort,
          tcpPort: this.syslogPort,
          onMessage: (m, transport, sender) =>
            queueing ? queueing.add(queueing.fromSyslog(m, sender, new Date())) : print(syslogJson(m, `syslog:${transport}`, sender)),
          onProblem: (sender, detail) => problem(`syslog ${sender}`, detail),
        })
        const ports = await receiver.start()
        stops.push(() => receiver.stop())
        reports.push(() => `syslog ${JSON.stringify(receiver.counters)}`)
        process.stderr.write(`syslog listening on ${this.host ?? '0.0.0.0'} udp ${ports.udpPort} tcp ${ports.tcpPort}\n`)
      }
      if (this.eve) {
        const source = `eve:${this.eve}`
        const counters = emptyEveCounters()
        const tail = new FileTail({
          path: this.eve,
          fromStart: this.fromStart,
          onLine: (line) =>
            countEveLine(line, counters, (a) => (queueing ? queueing.add(queueing.fromEveAlert(a, line)) : print(eveAlertJson(a, source))), (d) => problem(source, d)),
          onProblem: (d) => problem(source, d),
        })
        await tail.start()
        stops.push(() => tail.stop())
        reports.push(() => `${source} ${JSON.stringify({ ...counters, rotations: tail.rotations, truncations: tail.truncations })}`)
        process.stderr.write(`following ${this.eve}\n`)
      }
      if (this.eveRedis) {
        const { queueConfig } = await import('#config/queue')
        const source = `eve-redis:${this.eveRedis}`
        const counters = emptyEveCounters()
        const reader = new RedisListReader({
          redis: queueConfig.connection,
          key: this.eveRedis,
          mode: (this.eveRedisMode as 'list' | 'rpush' | undefined) ?? 'list',
          onLine: (line) =>
            countEveLine(line, counters, (a) => (queueing ? queueing.add(queueing.fromEveAlert(a, line)) : print(eveAlertJson(a, source))), (d) => problem(source, d)),
          onProblem: (d) => problem(source, d),
        })
        await reader.start()
        stops.push(() => reader.stop())
        reports.push(() => `${source} ${JSON.stringify(counters)}`)
        process.stderr.write(`reading Redis list ${this.eveRedis}\n`)
      }
    } catch (error) {
      this.logger.error(`cannot start: ${(error as Error).message}`)
      for (const stop of stops) await stop()
      this.exitCode = 1
      return this.terminate()
    }

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    for (const stop of stops) await stop()
    // What was taken before the signal is on the queue before the process ends.
    if (queueing) await queueing.close()
    for (const report of reports) process.stderr.write(`${report()}\n`)
    await this.terminate()
  }

  /** Queues each event for security:work, in order; a send that fails is reported, not dropped silently. */
  async #queueing(problem: (source: string, detail: string) => void) {
    const { defaultSite } = await import('#app/platform/queues')
    const { SecurityEventSender } = await import('#app/security/security_jobs')
    const { fromEveAlert, fromSyslog } = await import('#app/security/security_event')
    const sender = new SecurityEventSender(defaultSite())
    let last: Promise<void> = Promise.resolve()
    return {
      sender,
      fromEveAlert,
      fromSyslog,
      add: (event: Parameters<typeof sender.send>[0][number]) => {
        last = last.then(() => sender.send([event])).catch((error) => problem('queue', `event ${event.key} not queued: ${(error as Error).message}`))
      },
      close: async () => {
        await last
        await sender.close()
      },
    }
  }
}
