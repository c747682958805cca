import dgram from 'node:dgram'
import { hashSeed } from '#app/demo/prng'
import { FlowExportEncoder, type ExportFlow, type ExportVersion } from '#app/demo/sim/flow_encoder'
import { planFlows, type Talkers } from '#app/demo/sim/flow_plan'
import { ATTACK_ROUND_SECONDS, flowsInInterval, planRound, roundFlows, roundsBetween, roundStart, type AttackRound, type AttackVictim } from '#app/demo/sim/attacks'
import type { SimDevice, SimInterface, SimNetwork } from '#app/demo/sim/model'

/**
 * The simulated uplink routers as flow exporters: every export interval each one sends the
 * flows its uplink carried in that interval (flow_plan.ts) to the collector, from its own
 * management address, as NetFlow v9 (Cisco) or IPFIX (Juniper and the others). A device that is
 * silent in the calendar still numbers what it would have sent, so the collector counts those
 * exports as lost; a device that restarts starts its numbering and templates afresh.
 */

export interface FlowSink {
  host: string
  port: number
}

export interface FlowExportOptions {
  sink: FlowSink
  /** Seconds between exports (an active timeout: every flow is cut at the interval's end). */
  intervalSeconds?: number
  /** Talkers of each exporting device, by hostname; devices without are not exporters. */
  talkers: Map<string, Talkers>
  seed?: string
  clock?: () => number
  /** Send from this address instead of each device's own (where 127/8 is not all loopback). */
  sourceAddress?: string
  /** Run the scheduled attacks (attacks.ts) through the exports; on unless false. */
  attacks?: boolean
  /** Told of each attack round when it is planned, as its first flows are exported (the demo logs it). */
  onAttack?: (round: AttackRound) => void
}

export interface FlowExportStats {
  exporters: number
  intervals: number
  flows: number
  datagrams: number
  /** Datagrams a silent device could not deliver (the collector counts them as lost). */
  unsent: number
  sendErrors: number
}

/** The router's side towards the hub's agencies in flow records (the SNMP agent does not serve it). */
export const LAN_IF_INDEX = 2

export function exportVersionOf(device: SimDevice): ExportVersion {
  if (device.vendor === 'cisco') return 9
  if (device.vendor === 'juniper') return 10
  return hashSeed(`flow-version/${device.hostname}`) % 2 ? 9 : 10
}

/** The interfaces of a device whose traffic is exported: its uplinks. */
export function exportedInterfaces(device: SimDevice): SimInterface[] {
  return [...device.interfaces.values()].filter((i) => i.role === 'uplink' && i.adminUp)
}

interface Exporter {
  device: SimDevice
  encoder: FlowExportEncoder
  socket: dgram.Socket | null
  boot: number
  /** The end of the last interval exported (Unix seconds). */
  exportedTo: number
}

export class FlowExporters {
  readonly #options: FlowExportOptions
  readonly #network: SimNetwork
  readonly #clock: () => number
  readonly interval: number
  readonly exporters = new Map<string, Exporter>()
  readonly stats: FlowExportStats = { exporters: 0, intervals: 0, flows: 0, datagrams: 0, unsent: 0, sendErrors: 0 }
  #timer: NodeJS.Timeout | null = null
  /** When the exporters started (Unix seconds): the attack schedule counts from it. */
  epoch = 0
  readonly #rounds = new Map<number, { round: AttackRound | null; flows: ExportFlow[] }>()

  constructor(network: SimNetwork, options: FlowExportOptions) {
    this.#network = network
    this.#options = options
    this.#clock = options.clock ?? Date.now
    this.interval = options.intervalSeconds ?? 10
    if (!(Number.isInteger(this.interval) && this.interval > 0 && this.interval <= 3600)) throw new Error('the export interval is 1 to 3600 whole seconds')
  }

  /** Opens one socket per exporting device; exports start at the next interval boundary. */
  async start(options: { tick?: boolean } = {}): Promise<FlowExporters> {
    const now = Math.floor(this.#clock() / 1000)
    const boundary = now - (now % this.interval)
    this.epoch = now
    for (const device of this.#network.devices.values()) {
      if (exportedInterfaces(device).length === 0 || !this.#options.talkers.has(device.hostname)) continue
      const boot = device.bootAt(now)
      const encoder = new FlowExportEncoder({
        version: exportVersionOf(device),
        observationDomain: hashSeed(`domain/${device.hostname}`) % 1000,
        bootMs: boot * 1000,
      })
      const socket = await this.#bind(device)
      this.exporters.set(device.hostname, { device, encoder, socket, boot, exportedTo: boundary })
    }
    this.stats.exporters = this.exporters.size
    if (options.tick !== false) {
      this.#timer = setInterval(() => this.tick(), 1000)
      this.#timer.unref?.()
    }
    return this
  }

  async #bind(device: SimDevice): Promise<dgram.Socket | null> {
    const socket = dgram.createSocket('udp4')
    socket.on('error', () => this.stats.sendErrors++)
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject)
        socket.bind(0, this.#options.sourceAddress ?? device.address, () => {
          socket.off('error', reject)
          resolve()
        })
      })
      return socket
    } catch {
      socket.close()
      return null
    }
  }

  /** Exports every whole interval that has ended since the last one exported. */
  tick() {
    const now = Math.floor(this.#clock() / 1000)
    for (const exporter of this.exporters.values()) {
      // After a stall (a suspended laptop) only the last interval goes out, as a router's cache would.
      let from = Math.max(exporter.exportedTo, now - (now % this.interval) - this.interval)
      while (from + this.interval <= now) {
        this.exportInterval(exporter.device.hostname, from, from + this.interval)
        from += this.interval
      }
    }
  }

  /**
   * Attack round `index`, planned once: the victim is drawn among the uplinks exporting, up and
   * not restarting for the whole round, so an attack is never half lost to the calendar.
   */
  attackRound(index: number): { round: AttackRound | null; flows: ExportFlow[] } {
    let planned = this.#rounds.get(index)
    if (planned) return planned
    const start = roundStart(this.epoch, index)
    const end = start + ATTACK_ROUND_SECONDS
    // The calendar's shortest outage is longer than this step.
    const instants = Array.from({ length: ATTACK_ROUND_SECONDS / 5 + 1 }, (_, i) => start + i * 5)
    const victims: AttackVictim[] = []
    for (const [hostname, exporter] of [...this.exporters].sort(([a], [b]) => a.localeCompare(b))) {
      const device = exporter.device
      const talkers = this.#options.talkers.get(hostname)
      if (!talkers || instants.some((t) => device.silentAt(t)) || device.bootAt(end) > start) continue
      for (const iface of exportedInterfaces(device)) {
        if (!instants.every((t) => iface.operUpAt(t))) continue
        victims.push({ exporter: hostname, uplinkIfIndex: iface.ifIndex, prefixes: talkers.local.filter((p) => !p.includes(':')) })
      }
    }
    const round = planRound(index, this.epoch, victims, this.#network.seed)
    planned = { round, flows: round ? roundFlows(round, LAN_IF_INDEX) : [] }
    this.#rounds.set(index, planned)
    if (round) this.#options.onAttack?.(round)
    // Rounds long past are not asked for again.
    for (const old of this.#rounds.keys()) if (old < index - 2) this.#rounds.delete(old)
    return planned
  }

  #attackFlows(hostname: string, ifIndex: number, from: number, to: number): ExportFlow[] {
    if (this.#options.attacks === false) return []
    const flows: ExportFlow[] = []
    for (const index of roundsBetween(this.epoch, from, to)) {
      const { round, flows: all } = this.attackRound(index)
      if (round?.exporter === hostname && round.uplinkIfIndex === ifIndex) flows.push(...flowsInInterval(all, from, to))
    }
    return flows
  }

  /** The flows of one device for [from, to), without sending them (tests, and exportInterval). */
  flowsOf(hostname: string, from: number, to: number): ExportFlow[] {
    const exporter = this.exporters.get(hostname)
    const talkers = this.#options.talkers.get(hostname)
    if (!exporter || !talkers) return []
    const device = exporter.device
    const boot = device.bootAt(to)
    const flows: ExportFlow[] = []
    for (const iface of exportedInterfaces(device)) {
      // What the counters grew by; across a restart they start again from the boot.
      const since = (flow: SimInterface['in'], t: number) => Number(flow.since(boot, t).bytes)
      const start = Math.max(from, boot)
      const inBytes = since(iface.in, to) - (start > boot ? since(iface.in, start) : 0)
      const outBytes = since(iface.out, to) - (start > boot ? since(iface.out, start) : 0)
      flows.push(
        ...planFlows(
          {
            device: device.hostname,
            uplinkIfIndex: iface.ifIndex,
            lanIfIndex: LAN_IF_INDEX,
            from,
            to,
            inBytes,
            outBytes,
            replicates: iface.out.template.kind === 'replication',
            extra: this.#attackFlows(hostname, iface.ifIndex, from, to),
          },
          talkers,
          this.#network.seed
        )
      )
    }
    return flows
  }

  /** Encodes and sends one interval of one device; returns the datagrams it made. */
  exportInterval(hostname: string, from: number, to: number): Buffer[] {
    const exporter = this.exporters.get(hostname)
    if (!exporter) return []
    const device = exporter.device
    const boot = device.bootAt(to)
    if (boot !== exporter.boot) {
      exporter.boot = boot
      exporter.encoder.restart(boot * 1000)
    }
    exporter.exportedTo = to
    // Restarting all through the interval: nothing ran to export anything.
    if (boot >= to) return []
    const flows = this.flowsOf(hostname, from, to)
    const datagrams = exporter.encoder.encode(flows, to * 1000)
    this.stats.intervals++
    if (device.silentAt(to - 1) || !exporter.socket) {
      this.stats.unsent += datagrams.length
      return datagrams
    }
    this.stats.flows += flows.length
    for (const datagram of datagrams) {
      this.stats.datagrams++
      exporter.socket.send(datagram, this.#options.sink.port, this.#options.sink.host, (error) => {
        if (error) this.stats.sendErrors++
      })
    }
    return datagrams
  }

  async stop() {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    await Promise.all(
      [...this.exporters.values()].map((e) => (e.socket ? new Promise<void>((resolve) => e.socket!.close(() => resolve())) : Promise.resolve()))
    )
    this.exporters.clear()
  }
}
