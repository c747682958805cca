import { appendFileSync } from 'node:fs'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { stopSignal } from '#app/platform/stop_signal'
import type { SnmpCredentials } from '#app/devices/snmp_credentials'

/**
 * node ace demo:network
 *
 * Runs the simulated GSN for the demo: an SNMP agent for every device in the database, on its
 * management address (127.x.y.z), answering the IF-MIB of the interfaces its links point at with
 * traffic that follows the office day, and a weekly calendar of outages, flaps, congestion, error
 * bursts, silent devices and restarts. Each failure and recovery is logged as a JSON line.
 */
export default class DemoNetwork extends BaseCommand {
  static commandName = 'demo:network'
  static description = 'Run the simulated GSN: SNMP agents for the demo devices, with daily traffic and scheduled failures'
  static help = [
    'node ace demo:network                      agents on each device\'s own address and port (161 needs root)',
    'node ace demo:network --port 1161          every agent on port 1161 instead',
    'node ace demo:network --trap-sink 127.0.0.1:1162   also send linkDown/linkUp/coldStart, each device with its own community or SNMPv3 user',
    'node ace demo:network --flow-sink 127.0.0.1:2055   also export the uplink routers\' flows (NetFlow v9 from Cisco, IPFIX from Juniper), every 10 s',
    'Links with a probe address (the seed gives the contracted lines one in 198.19.0.0/16) are answered on a TUN device from their simulated latency and loss (needs root).',
    'Log lines: network_started, in_progress, link_down/link_up, congestion_start/end, errors_start/end, device_silent/answering, device_rebooting/booted, stats, attack_round, probe_responder_started, loss_episode_start/end (with --flow-sink: the scheduled scan, password guessing and sweep, see app/demo/sim/attacks.ts).',
  ]
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Listen on this UDP port on every device address instead of the device\'s own' })
  declare port?: number

  @flags.string({ description: 'Seed of the traffic and the calendar (default gsn-demo)' })
  declare seed?: string

  @flags.array({ description: 'Only these devices (hostname, repeatable)' })
  declare device?: string[]

  @flags.string({ description: 'Append the JSON log lines to this file instead of printing them' })
  declare logFile?: string

  @flags.number({ description: 'Seconds between statistics lines (default 60, 0 for none)' })
  declare statsEvery?: number

  @flags.string({ description: 'Send traps to HOST:PORT when links change and devices restart' })
  declare trapSink?: string

  @flags.string({ description: 'Export the uplink routers\' flows (NetFlow v9 / IPFIX) to HOST:PORT, each from its own address' })
  declare flowSink?: string

  @flags.number({ description: 'Seconds between flow exports (default 10)' })
  declare flowInterval?: number

  @flags.string({ description: 'Community of those traps (SNMPv2c); default: each device sends with its own credentials' })
  declare trapCommunity?: string

  @flags.string({ description: 'SNMPv3 user of those traps (instead of a community)' })
  declare trapUser?: string

  @flags.string({ description: 'SNMPv3 authentication protocol of the trap user (default sha)' })
  declare trapAuthProtocol?: string

  @flags.string({ description: 'SNMPv3 authentication key of the trap user' })
  declare trapAuthKey?: string

  @flags.string({ description: 'SNMPv3 privacy protocol of the trap user (default aes)' })
  declare trapPrivProtocol?: string

  @flags.string({ description: 'SNMPv3 privacy key of the trap user' })
  declare trapPrivKey?: string

  async run() {
    if (this.app.inProduction) {
      this.logger.error('demo:network refuses to run in production: it would answer SNMP for real devices\' addresses')
      this.exitCode = 1
      return
    }
    const { buildDeviceSpecs } = await import('#app/demo/sim/inventory')
    const { loadInventory } = await import('#app/demo/sim/load_inventory')
    const { SimNetwork, DEFAULT_SIM_SEED } = await import('#app/demo/sim/model')
    const { RunningNetwork } = await import('#app/demo/sim/network')
    const { parseHostPort, normaliseCredentials, v3CredentialsFrom } = await import('#collectors/snmp/session')

    const fail = async (message: string) => {
      this.logger.error(message)
      this.exitCode = 1
      await this.terminate()
    }
    if (this.port !== undefined && !(Number.isInteger(this.port) && this.port > 0 && this.port < 65536)) return fail('--port takes 1 to 65535')

    let traps: { host: string; port: number; credentials?: SnmpCredentials } | null = null
    if (this.trapSink) {
      try {
        const { host, port } = parseHostPort(this.trapSink, 162)
        if (this.trapUser && this.trapCommunity) return fail('give --trap-community or --trap-user, not both')
        const credentials: SnmpCredentials | undefined = this.trapUser
          ? v3CredentialsFrom({
              user: this.trapUser,
              authProtocol: this.trapAuthProtocol,
              authKey: this.trapAuthKey,
              privProtocol: this.trapPrivProtocol,
              privKey: this.trapPrivKey,
            })
          : this.trapCommunity
            ? { version: '2c', community: this.trapCommunity }
            : undefined
        traps = { host, port, credentials: credentials && normaliseCredentials(credentials) }
      } catch (error) {
        return fail((error as Error).message)
      }
    }

    let flowSink: { host: string; port: number } | null = null
    if (this.flowSink) {
      try {
        flowSink = parseHostPort(this.flowSink, 2055)
      } catch (error) {
        return fail((error as Error).message)
      }
    }
    if (this.flowInterval !== undefined && !(Number.isInteger(this.flowInterval) && this.flowInterval > 0 && this.flowInterval <= 3600)) {
      return fail('--flow-interval takes 1 to 3600 seconds')
    }

    const write = this.logFile
      ? (line: string) => appendFileSync(this.logFile!, line + '\n')
      : (line: string) => process.stdout.write(line + '\n')
    const log = (entry: Record<string, unknown>) => write(JSON.stringify(entry))

    const inventory = await loadInventory({ hostnames: this.device })
    const { specs, problems } = buildDeviceSpecs(inventory.devices, inventory.links, { port: this.port })
    for (const problem of problems) log({ at: new Date().toISOString(), event: 'skipped', detail: problem })
    if (specs.length === 0) return fail('no devices to simulate (load the demo with `node ace demo:seed` first)')

    const network = new SimNetwork(specs, { seed: this.seed ?? DEFAULT_SIM_SEED })
    const running = await RunningNetwork.start(network, { port: this.port, log, statsEverySeconds: this.statsEvery, traps })
    if (running.agents.size === 0) {
      const first = running.failed[0]?.error ?? 'unknown reason'
      await running.stop()
      return fail(`no agent could listen (${first}); port 161 needs root, or give --port`)
    }
    // The probed lines' far ends (links.probe_address), answered on a TUN device from each line's
    // simulated latency and loss: without it the collectors' probes would find nothing there.
    let probes: { stop: () => void } | null = null
    const probed = inventory.links.filter((l) => l.probeAddress).length
    if (probed > 0) {
      const { ProbeResponder } = await import('#app/demo/sim/probe_responder')
      try {
        probes = await ProbeResponder.spawn(inventory, { seed: network.seed, log: (entry) => log({ at: new Date().toISOString(), ...entry }) })
        log({ at: new Date().toISOString(), event: 'probe_responder_started', lines: probed })
      } catch (error) {
        log({ at: new Date().toISOString(), event: 'probe_responder_unavailable', lines: probed, detail: (error as Error).message })
      }
    }
    let exporters: import('#app/demo/sim/flow_exporters').FlowExporters | null = null
    if (flowSink) {
      const { FlowExporters } = await import('#app/demo/sim/flow_exporters')
      const { talkersFor } = await import('#app/demo/sim/flow_talkers')
      exporters = await new FlowExporters(network, {
        sink: flowSink,
        intervalSeconds: this.flowInterval,
        talkers: talkersFor(inventory.devices, inventory.agencies),
        seed: network.seed,
        onAttack: (round) =>
          log({
            at: new Date(round.start * 1000).toISOString(),
            event: 'attack_round',
            round: round.index,
            attacker: round.attacker,
            via: round.exporter,
            scan_target: round.scanTarget,
            guess_target: `${round.guessTarget}:${round.guessPort}`,
            sweep: `${round.prefix} ${round.sweep.protocol === 6 ? `${round.sweep.port}/tcp` : 'icmp echo'}`,
          }),
      }).start()
      log({ at: new Date().toISOString(), event: 'flow_export_started', exporters: exporters.stats.exporters, sink: `${flowSink.host}:${flowSink.port}`, interval_s: exporters.interval })
    }
    const s = network.summary()
    const message =
      `simulated GSN: ${running.agents.size} devices, ${s.interfaces} interfaces, ${s.links} links` +
      (running.failed.length ? ` (${running.failed.length} devices could not listen)` : '') +
      (this.logFile ? `; events in ${this.logFile}` : '')
    if (this.logFile) this.logger.info(message)
    else process.stderr.write(message + '\n')

    await stopSignal()
    if (exporters) {
      const stats = { ...exporters.stats }
      await exporters.stop()
      log({ at: new Date().toISOString(), event: 'flow_export_stopped', ...stats })
    }
    probes?.stop()
    await running.stop()
    await this.terminate()
  }
}
