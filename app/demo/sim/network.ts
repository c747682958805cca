import snmp, { type Session, type Varbind } from 'net-snmp'
import type { SnmpCredentials } from '#collectors/snmp/credentials'
import { normaliseCredentials, usmUser } from '#collectors/snmp/session'
import { transitionsBetween, type Transition } from '#app/demo/sim/calendar'
import { SimAgent } from '#app/demo/sim/agent'
import type { SimDevice, SimNetwork } from '#app/demo/sim/model'

/**
 * Runs a simulated network: one agent per device, all in this process, and a ticker that
 * reports each failure and recovery of the calendar as it happens (one JSON object per line)
 * and, when asked, sends the traps a real device would (linkDown, linkUp, coldStart).
 */

export interface TrapSinkOptions {
  host: string
  port: number
  /**
   * A community (SNMPv2c) or a user (SNMPv3) every device sends its traps with; absent, each
   * device sends with the credentials it is polled with (its community, or its SNMPv3 user and
   * keys on its own engine), as the collector's trap listener expects.
   */
  credentials?: SnmpCredentials
}

export interface RunOptions {
  /** Listen on this port instead of each device's own. */
  port?: number
  clock?: () => number
  /** Receives one object per event; default: nothing is logged. */
  log?: (entry: Record<string, unknown>) => void
  /** How often the calendar is checked for changes (default 1 s). */
  tickMs?: number
  /** Seconds between statistics lines (default 60; 0: none). */
  statsEverySeconds?: number
  traps?: TrapSinkOptions | null
}

export interface RunningStats {
  agents: number
  requests: number
  ignored: number
  refused: number
  trapsSent: number
  trapErrors: number
}

const TRAP = {
  coldStart: '1.3.6.1.6.3.1.1.5.1',
  linkDown: '1.3.6.1.6.3.1.1.5.3',
  linkUp: '1.3.6.1.6.3.1.1.5.4',
}
const IF_INDEX = '1.3.6.1.2.1.2.2.1.1'
const IF_ADMIN = '1.3.6.1.2.1.2.2.1.7'
const IF_OPER = '1.3.6.1.2.1.2.2.1.8'

export class RunningNetwork {
  readonly network: SimNetwork
  readonly agents = new Map<string, SimAgent>()
  readonly failed: Array<{ device: string; error: string }> = []
  #options: RunOptions
  #clock: () => number
  #timer: NodeJS.Timeout | null = null
  #lastTick = 0
  #lastStats = 0
  #trapSessions = new Map<string, Session>()
  #trapsSent = 0
  #trapErrors = 0
  #stopped = false

  private constructor(network: SimNetwork, options: RunOptions) {
    this.network = network
    this.#options = options
    this.#clock = options.clock ?? Date.now
  }

  static async start(network: SimNetwork, options: RunOptions = {}): Promise<RunningNetwork> {
    const running = new RunningNetwork(network, options)
    if (options.traps?.credentials) normaliseCredentials(options.traps.credentials)
    const refusedLogged = new Map<string, number>()
    const started = await Promise.allSettled(
      [...network.devices.values()].map((device) =>
        SimAgent.start(device, {
          port: options.port,
          clock: running.#clock,
          onRefused: (hostname, reason, from) => {
            // One line per device and minute at most: a poller with a wrong key retries a lot.
            const now = running.#clock()
            if ((refusedLogged.get(hostname) ?? 0) > now - 60_000) return
            refusedLogged.set(hostname, now)
            running.#log({ event: 'request_refused', device: hostname, from: from ? `${from.address}:${from.port}` : null, reason })
          },
        })
      )
    )
    started.forEach((result, i) => {
      const device = [...network.devices.values()][i]
      if (result.status === 'fulfilled') running.agents.set(device.hostname, result.value)
      else running.failed.push({ device: device.hostname, error: (result.reason as Error)?.message ?? String(result.reason) })
    })
    const now = Math.floor(running.#clock() / 1000)
    running.#lastTick = now
    running.#lastStats = now
    const summary = network.summary()
    running.#log({
      event: 'network_started',
      devices: running.agents.size,
      interfaces: summary.interfaces,
      links: summary.links,
      events_per_week: summary.events,
      failed: running.failed,
    })
    for (const event of network.activeAt(now)) {
      running.#log({ event: 'in_progress', kind: event.kind, device: event.device, if_index: event.ifIndex ?? null, circuit_id: event.circuitId ?? null })
    }
    running.#timer = setInterval(() => running.#tick(), options.tickMs ?? 1000)
    running.#timer.unref?.()
    return running
  }

  #log(entry: Record<string, unknown>) {
    if (!this.#options.log) return
    try {
      this.#options.log({ at: new Date(this.#clock()).toISOString(), ...entry })
    } catch {
      // A broken log sink must not stop the network.
    }
  }

  #tick() {
    const now = Math.floor(this.#clock() / 1000)
    if (now <= this.#lastTick) return
    // After a long stall (suspended laptop) only the last minute is reported, not hours of it.
    const from = Math.max(this.#lastTick, now - 60)
    for (const transition of transitionsBetween(this.network.edges, from, now)) this.#report(transition)
    this.#lastTick = now
    const every = this.#options.statsEverySeconds ?? 60
    if (every > 0 && now - this.#lastStats >= every) {
      this.#lastStats = now
      this.#log({ event: 'stats', ...this.stats(), cpu_ms: cpuMs() })
    }
  }

  #report(t: Transition) {
    const e = t.event
    const device = this.network.devices.get(e.device)
    const entry: Record<string, unknown> = { event: t.what, device: e.device, address: device?.address ?? null }
    if (e.ifIndex !== undefined) {
      entry.if_index = e.ifIndex
      entry.circuit_id = e.circuitId ?? null
    }
    if (e.kind === 'link_flap') entry.cause = 'flap'
    if (t.until !== undefined) entry.until = new Date(t.until * 1000).toISOString()
    if (e.kind === 'congestion' && t.what === 'congestion_start') entry.level = e.level
    if (e.kind === 'errors' && t.what === 'errors_start') entry.error_share = e.errorShare
    this.#log(entry)
    if (!device || !this.#options.traps) return
    if (t.what === 'link_down' || t.what === 'link_up') this.#sendLinkTrap(device, e.ifIndex!, t.what === 'link_down', t.at)
    if (t.what === 'device_booted') this.#sendTrap(device, TRAP.coldStart, [], t.at)
  }

  #session(device: SimDevice): Session {
    let session = this.#trapSessions.get(device.hostname)
    if (session) return session
    const sink = this.#options.traps!
    const c = normaliseCredentials(sink.credentials ?? device.credentials)
    // net-snmp sends traps and informs to trapPort, not port.
    const options = { port: sink.port, trapPort: sink.port, sourceAddress: device.address, transport: 'udp4' as const }
    session =
      c.version === '2c'
        ? snmp.createSession(sink.host, c.community, { ...options, version: snmp.Version2c })
        : // A device's traps are authoritative on its own engine (RFC 3414): its engine ID.
          snmp.createV3Session(sink.host, usmUser(c), { ...options, version: snmp.Version3, engineID: device.engineId })
    session.on('error', () => {
      this.#trapErrors++
    })
    this.#trapSessions.set(device.hostname, session)
    return session
  }

  #sendLinkTrap(device: SimDevice, ifIndex: number, down: boolean, at: number) {
    // An unreachable device cannot tell anyone about its links.
    if (device.silentAt(at)) return
    const iface = device.interfaces.get(ifIndex)
    const varbinds: Varbind[] = [
      { oid: `${IF_INDEX}.${ifIndex}`, type: snmp.ObjectType.Integer, value: ifIndex },
      { oid: `${IF_ADMIN}.${ifIndex}`, type: snmp.ObjectType.Integer, value: iface?.adminUp === false ? 2 : 1 },
      { oid: `${IF_OPER}.${ifIndex}`, type: snmp.ObjectType.Integer, value: down ? 2 : 1 },
    ]
    this.#sendTrap(device, down ? TRAP.linkDown : TRAP.linkUp, varbinds, at)
  }

  #sendTrap(device: SimDevice, oid: string, varbinds: Varbind[], at: number) {
    try {
      this.#session(device).trap(oid, varbinds, { upTime: device.upTimeAt(at * 1000) }, (error) => {
        if (error) this.#trapErrors++
        else this.#trapsSent++
      })
    } catch {
      this.#trapErrors++
    }
  }

  stats(): RunningStats {
    let requests = 0
    let ignored = 0
    let refused = 0
    for (const agent of this.agents.values()) {
      requests += agent.stats.requests
      ignored += agent.stats.ignored
      refused += agent.stats.refused
    }
    return { agents: this.agents.size, requests, ignored, refused, trapsSent: this.#trapsSent, trapErrors: this.#trapErrors }
  }

  async stop() {
    if (this.#stopped) return
    this.#stopped = true
    if (this.#timer) clearInterval(this.#timer)
    for (const session of this.#trapSessions.values()) {
      try {
        session.close()
      } catch {
        // Already closed.
      }
    }
    this.#trapSessions.clear()
    await Promise.all([...this.agents.values()].map((agent) => agent.close()))
    this.#log({ event: 'network_stopped', ...this.stats() })
  }
}

function cpuMs() {
  const usage = process.cpuUsage()
  return Math.round((usage.user + usage.system) / 1000)
}
