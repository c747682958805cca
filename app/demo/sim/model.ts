import type { SnmpCredentials } from '#collectors/snmp/credentials'
import { createRandom, hashSeed, type Random } from '#app/demo/prng'
import {
  DEFAULT_CALENDAR,
  generateCalendar,
  lastEdgeBefore,
  occurrenceAt,
  validateEvent,
  weeklyEdges,
  type CalendarOptions,
  type DeviceTarget,
  type LinkTarget,
  type SimEvent,
  type WeeklyEdge,
  type WeeklyRange,
} from '#app/demo/sim/calendar'
import { SimHealth } from '#app/demo/sim/health'
import { engineIdFor, interfaceNames, sysDescr, sysObjectId, vendorOf, type Vendor } from '#app/demo/sim/names'
import {
  Flow,
  buildTemplates,
  counter32,
  counter64,
  weekStart,
  type FlowWindow,
  type TemplateKind,
  type TrafficTemplate,
} from '#app/demo/sim/traffic'

/**
 * The simulated GSN as data: devices, their interfaces and what each interface counts at any
 * instant. No sockets here (agent.ts serves this over SNMP), no clock either: every question
 * takes the time it is asked about.
 */

/** What an interface carries: a link from the inventory, or something no link points at. */
export type InterfaceRole = 'uplink' | 'legacy' | 'standby' | 'management' | 'inside' | 'outside'

export interface SimInterfaceSpec {
  ifIndex: number
  role: InterfaceRole
  /** The circuit of the link bound to it (served as ifAlias). */
  circuitId: string | null
  bandwidthBps: number
  /** Shut on purpose: adminStatus down, no traffic. */
  adminDown?: boolean
}

export interface SimDeviceSpec {
  hostname: string
  /** Where the agent listens: the device's management address (all of 127/8 is loopback here). */
  address: string
  port: number
  kind: 'router' | 'switch' | 'firewall'
  vendor: string | null
  model: string | null
  region: string | null
  credentials: SnmpCredentials
  interfaces: SimInterfaceSpec[]
}

export interface SimNetworkOptions {
  seed?: string
  /** The week's events; generated from the seed and the inventory when absent. */
  events?: SimEvent[]
  calendar?: Omit<CalendarOptions, 'seed'>
}

export const DEFAULT_SIM_SEED = 'gsn-demo'
/** Bytes per packet when turning a share of packets into a count (a mix of 64 B and 1,500 B). */
const AVERAGE_PACKET_BYTES = 800
const TWO_64 = 1n << 64n
/** Devices came up around here: September 2026, minus a few months per device. */
const BOOT_REFERENCE = Date.UTC(2026, 8, 1) / 1000

export interface InterfaceReading {
  adminStatus: 1 | 2
  operStatus: 1 | 2
  /** sysUpTime (centiseconds) when the interface last changed state; 0 if not since boot. */
  lastChange: number
  inOctets: bigint
  outOctets: bigint
  inErrors: number
  outErrors: number
  inDiscards: number
  outDiscards: number
}

export class SimInterface {
  readonly ifIndex: number
  readonly role: InterfaceRole
  readonly circuitId: string | null
  readonly speedBps: number
  readonly adminUp: boolean
  readonly descr: string
  readonly name: string
  readonly alias: string
  /** ethernetCsmacd */
  readonly type = 6
  readonly mtu = 1500
  readonly in: Flow
  readonly out: Flow
  /** Weekly stretches during which the link is down (outages and flaps), sorted. */
  readonly downs: WeeklyRange[]
  /** Where the 64-bit octet counters start at boot (an agent quirk that makes them wrap early). */
  readonly counterOffset: bigint

  constructor(init: {
    spec: SimInterfaceSpec
    names: { descr: string; name: string }
    in: Flow
    out: Flow
    downs: WeeklyRange[]
    counterOffset: bigint
  }) {
    this.ifIndex = init.spec.ifIndex
    this.role = init.spec.role
    this.circuitId = init.spec.circuitId
    this.speedBps = init.spec.bandwidthBps
    this.adminUp = !init.spec.adminDown
    this.descr = init.names.descr
    this.name = init.names.name
    this.alias = aliasFor(init.spec)
    this.in = init.in
    this.out = init.out
    this.downs = init.downs
    this.counterOffset = init.counterOffset
  }

  operUpAt(unixSeconds: number): boolean {
    if (!this.adminUp) return false
    return !this.downs.some((range) => occurrenceAt(range, unixSeconds) !== null)
  }

  /** ifSpeed saturates at 2^32 − 1 above 4.29 Gbit/s; ifHighSpeed carries the rest. */
  get ifSpeed(): number {
    return Math.min(this.speedBps, 4_294_967_295)
  }

  get ifHighSpeed(): number {
    return Math.round(this.speedBps / 1e6)
  }
}

function aliasFor(spec: SimInterfaceSpec): string {
  if (spec.circuitId) return spec.circuitId
  switch (spec.role) {
    case 'management':
      return 'management'
    case 'standby':
      return 'standby uplink'
    case 'inside':
      return 'inside: GSN backbone'
    case 'outside':
      return 'outside: Internet exchange'
    default:
      return ''
  }
}

export class SimDevice {
  readonly hostname: string
  readonly address: string
  readonly port: number
  readonly kind: SimDeviceSpec['kind']
  readonly vendor: Vendor
  readonly model: string | null
  readonly region: string | null
  readonly credentials: SnmpCredentials
  readonly engineId: string
  readonly sysDescr: string
  readonly sysObjectId: string
  readonly sysLocation: string
  readonly sysContact = 'GSN NOC <noc@gsn.demo>'
  /** Sorted by ifIndex. */
  readonly interfaces: Map<number, SimInterface>
  /** When the device last booted if it never restarts in the calendar (Unix seconds). */
  readonly baseBoot: number
  readonly reboots: WeeklyRange[]
  /** Stretches in which it answers nothing: silences and reboots. */
  readonly silences: WeeklyRange[]
  /** CPU, memory, flash and temperatures as functions of the clock (health.ts). */
  readonly health: SimHealth

  constructor(init: {
    spec: SimDeviceSpec
    interfaces: SimInterface[]
    reboots: WeeklyRange[]
    silences: WeeklyRange[]
  }) {
    const { spec } = init
    this.hostname = spec.hostname
    this.address = spec.address
    this.port = spec.port
    this.kind = spec.kind
    this.vendor = vendorOf(spec.vendor)
    this.model = spec.model
    this.region = spec.region
    this.credentials = spec.credentials
    this.engineId = engineIdFor(this.vendor, spec.hostname)
    this.sysDescr = sysDescr(this.vendor, spec.kind, spec.model)
    this.sysObjectId = sysObjectId(this.vendor)
    this.sysLocation = spec.region ? `GSN ${spec.region}, Taiwan` : 'GSN, Taiwan'
    this.interfaces = new Map(init.interfaces.sort((a, b) => a.ifIndex - b.ifIndex).map((i) => [i.ifIndex, i]))
    this.baseBoot = BOOT_REFERENCE - (hashSeed(`boot/${spec.hostname}`) % (120 * 86_400))
    this.reboots = init.reboots
    this.silences = init.silences
    this.health = new SimHealth(spec.hostname, spec.kind)
  }

  /** The boot the device is running on at t (Unix seconds). */
  bootAt(unixSeconds: number): number {
    if (this.reboots.length === 0) return this.baseBoot
    return lastEdgeBefore(this.reboots, unixSeconds, 'end') ?? this.baseBoot
  }

  silentAt(unixSeconds: number): boolean {
    return this.silences.some((range) => occurrenceAt(range, unixSeconds) !== null)
  }

  /** sysUpTime in centiseconds at an instant in milliseconds (TimeTicks wrap at 2^32). */
  upTimeAt(unixMs: number): number {
    const boot = this.bootAt(Math.floor(unixMs / 1000))
    return Math.max(0, Math.floor((unixMs - boot * 1000) / 10)) % 2 ** 32
  }

  reading(ifIndex: number, unixSeconds: number): InterfaceReading | null {
    const iface = this.interfaces.get(ifIndex)
    if (!iface) return null
    const t = Math.floor(unixSeconds)
    const boot = this.bootAt(t)
    const up = iface.operUpAt(t)
    let lastChange = 0
    if (iface.adminUp) {
      const edge = lastEdgeBefore(iface.downs, t)
      if (edge !== null && edge > boot) lastChange = ((edge - boot) * 100) % 2 ** 32
    }
    // Shut on purpose: nothing crosses it, its counters stay where the boot left them.
    const inFlow = iface.adminUp ? iface.in.since(boot, t) : { bytes: 0n, errors: 0, discards: 0 }
    const outFlow = iface.adminUp ? iface.out.since(boot, t) : { bytes: 0n, errors: 0, discards: 0 }
    return {
      adminStatus: iface.adminUp ? 1 : 2,
      operStatus: up ? 1 : 2,
      lastChange,
      inOctets: counter64(inFlow.bytes, iface.counterOffset),
      outOctets: counter64(outFlow.bytes, iface.counterOffset),
      inErrors: counter32(inFlow.errors),
      outErrors: counter32(outFlow.errors),
      inDiscards: counter32(inFlow.discards),
      outDiscards: counter32(outFlow.discards),
    }
  }
}

interface TrafficProfile {
  kind: TemplateKind
  outLoad: number
  inLoad: number
  phaseSeconds: number
  errorsPerByte: number
  discardsPerByte: number
}

/**
 * How busy an interface is, by what it carries. Most agency lines idle along; some run close to
 * full at office peaks; about one uplink in five runs hot (above 80%) at its peak, and the
 * uplinks that carry the nightly replication fill up at night.
 */
function profileFor(role: InterfaceRole, random: Random): TrafficProfile {
  const phaseSeconds = random.int(-45, 45) * 60
  const errorsPerByte = 1e-11 + random.next() * 2e-10
  const discardsPerByte = 5e-11 + random.next() * 5e-10
  const base = { phaseSeconds, errorsPerByte, discardsPerByte }
  switch (role) {
    case 'uplink': {
      const kind: TemplateKind = random.chance(0.3) ? 'replication' : 'aggregate'
      const outLoad = random.chance(0.2) ? 0.84 + 0.13 * random.next() : 0.35 + 0.35 * random.next()
      return { ...base, kind, outLoad, inLoad: outLoad * (kind === 'replication' ? 0.3 + 0.3 * random.next() : 0.45 + 0.45 * random.next()) }
    }
    case 'legacy': {
      const r = random.next()
      const outLoad = r < 0.65 ? 0.08 + 0.37 * random.next() : r < 0.93 ? 0.45 + 0.3 * random.next() : 0.78 + 0.17 * random.next()
      return { ...base, kind: 'office', outLoad, inLoad: outLoad * (0.25 + 0.35 * random.next()) }
    }
    case 'inside':
    case 'outside': {
      const outLoad = 0.2 + 0.3 * random.next()
      return { ...base, kind: 'aggregate', outLoad, inLoad: outLoad * (0.6 + 0.4 * random.next()) }
    }
    case 'standby':
      return { ...base, kind: 'aggregate', outLoad: 0.002 + 0.005 * random.next(), inLoad: 0.002 + 0.005 * random.next() }
    case 'management':
      return { ...base, kind: 'aggregate', outLoad: 0.0005 + 0.002 * random.next(), inLoad: 0.0005 + 0.002 * random.next() }
  }
}

export interface SimNetworkSummary {
  devices: number
  interfaces: number
  links: number
  events: Record<string, number>
}

export class SimNetwork {
  readonly seed: string
  readonly devices: Map<string, SimDevice>
  readonly events: SimEvent[]
  readonly edges: WeeklyEdge[]
  readonly byAddress = new Map<string, SimDevice>()

  constructor(specs: SimDeviceSpec[], options: SimNetworkOptions = {}) {
    this.seed = options.seed ?? DEFAULT_SIM_SEED
    const seen = new Set<string>()
    for (const spec of specs) {
      if (seen.has(spec.hostname)) throw new Error(`device ${spec.hostname} is listed twice`)
      seen.add(spec.hostname)
      const indexes = new Set<number>()
      for (const i of spec.interfaces) {
        if (!Number.isInteger(i.ifIndex) || i.ifIndex < 1 || i.ifIndex > 2_147_483_647) throw new Error(`${spec.hostname}: ifIndex ${i.ifIndex} is not valid`)
        if (indexes.has(i.ifIndex)) throw new Error(`${spec.hostname}: ifIndex ${i.ifIndex} is listed twice`)
        if (!(i.bandwidthBps > 0)) throw new Error(`${spec.hostname} ifIndex ${i.ifIndex}: bandwidth must be positive`)
        indexes.add(i.ifIndex)
      }
    }

    const linkTargets: LinkTarget[] = []
    const deviceTargets: DeviceTarget[] = []
    for (const spec of specs) {
      let links = 0
      for (const i of spec.interfaces) {
        if ((i.role === 'uplink' || i.role === 'legacy') && !i.adminDown) {
          linkTargets.push({ device: spec.hostname, ifIndex: i.ifIndex, circuitId: i.circuitId, kind: i.role })
          links++
        }
      }
      deviceTargets.push({ hostname: spec.hostname, links })
    }
    this.events = options.events
      ? options.events.map(validateEvent)
      : generateCalendar(linkTargets, deviceTargets, { ...DEFAULT_CALENDAR, ...options.calendar, seed: this.seed })
    for (const e of this.events) {
      const spec = specs.find((s) => s.hostname === e.device)
      if (!spec) throw new Error(`${e.kind} names device ${e.device}, which is not in the network`)
      if (e.ifIndex !== undefined && !spec.interfaces.some((i) => i.ifIndex === e.ifIndex)) {
        throw new Error(`${e.kind} names ifIndex ${e.ifIndex} of ${e.device}, which it does not have`)
      }
    }
    this.edges = weeklyEdges(this.events)

    const templates = buildTemplates(this.seed)
    const eventsByDevice = new Map<string, SimEvent[]>()
    for (const e of this.events) eventsByDevice.set(e.device, [...(eventsByDevice.get(e.device) ?? []), e])
    this.devices = new Map()
    for (const spec of specs) {
      const device = this.#buildDevice(spec, eventsByDevice.get(spec.hostname) ?? [], templates)
      this.devices.set(spec.hostname, device)
      this.byAddress.set(`${spec.address}:${spec.port}`, device)
    }
  }

  #buildDevice(spec: SimDeviceSpec, events: SimEvent[], templates: Record<TemplateKind, TrafficTemplate[]>): SimDevice {
    const vendor = vendorOf(spec.vendor)
    const reboots: WeeklyRange[] = events.filter((e) => e.kind === 'device_reboot').map((e) => [e.start, e.end])
    const silences: WeeklyRange[] = events
      .filter((e) => e.kind === 'device_reboot' || e.kind === 'device_silent')
      .map((e) => [e.start, e.end] as WeeklyRange)
    // A device that restarts in the calendar gets the quirk of starting its first line's 64-bit
    // counters near the top, so a Counter64 wrap happens in the demo about a quarter of an hour
    // after each of its restarts.
    const wrapsOn = reboots.length ? spec.interfaces.find((i) => i.role === 'uplink' || i.role === 'legacy')?.ifIndex : undefined

    const interfaces = spec.interfaces.map((ifSpec) => {
      const random = createRandom(`${this.seed}/if/${spec.hostname}/${ifSpec.ifIndex}`)
      const profile = profileFor(ifSpec.role, random)
      const pool = templates[profile.kind]
      const template = pool[hashSeed(`${spec.hostname}/${ifSpec.ifIndex}`) % pool.length]
      const mine = events.filter((e) => e.ifIndex === ifSpec.ifIndex)
      const downs: WeeklyRange[] = mine
        .filter((e) => e.kind === 'link_down' || e.kind === 'link_flap')
        .flatMap((e) => (e.downs ?? [[e.start, e.end]]) as WeeklyRange[])
        .sort((a, b) => a[0] - b[0])
      const common = { template, phaseSeconds: profile.phaseSeconds, lineBitsPerSecond: ifSpec.bandwidthBps }
      // First without windows, to know how many packets an error burst would hit.
      const plainIn = new Flow({ ...common, load: profile.inLoad })
      const packetsBetween = (flow: Flow, start: number, end: number) => {
        const ref = weekStart(2000)
        const units = flow.cumulative(ref + end).units - flow.cumulative(ref + start).units
        return (units * flow.bytesPerUnit) / AVERAGE_PACKET_BYTES
      }
      const inWindows: FlowWindow[] = []
      const outWindows: FlowWindow[] = []
      for (const [s, e] of downs) {
        inWindows.push({ start: s, end: e, level: null })
        outWindows.push({ start: s, end: e, level: null })
      }
      for (const e of mine) {
        if (e.kind === 'congestion' && e.level) {
          const lineBytes = ifSpec.bandwidthBps / 8
          inWindows.push({ start: e.start, end: e.end, level: Math.min(1, e.level.in) })
          // Tail drops towards the agency: 0.3% of what the full line would carry.
          const outPackets = (lineBytes * e.level.out * (e.end - e.start)) / AVERAGE_PACKET_BYTES
          outWindows.push({ start: e.start, end: e.end, level: Math.min(1, e.level.out), discards: outPackets * 0.003 })
        } else if (e.kind === 'errors') {
          const errors = packetsBetween(plainIn, e.start, e.end) * (e.errorShare ?? 0.01)
          inWindows.push({ start: e.start, end: e.end, errors })
          outWindows.push({ start: e.start, end: e.end, errors: errors * 0.05 })
        }
      }
      const flowIn = new Flow({ ...common, load: profile.inLoad, errorsPerByte: profile.errorsPerByte, discardsPerByte: profile.discardsPerByte, windows: inWindows })
      const flowOut = new Flow({ ...common, load: profile.outLoad, errorsPerByte: profile.errorsPerByte / 10, discardsPerByte: profile.discardsPerByte, windows: outWindows })
      const counterOffset =
        ifSpec.ifIndex === wrapsOn ? TWO_64 - BigInt(Math.round((ifSpec.bandwidthBps / 8) * profile.outLoad * 0.5 * 900)) : 0n
      return new SimInterface({
        spec: ifSpec,
        names: interfaceNames(vendor, spec.kind, ifSpec.role, ifSpec.ifIndex, ifSpec.bandwidthBps),
        in: flowIn,
        out: flowOut,
        downs,
        counterOffset,
      })
    })
    return new SimDevice({ spec, interfaces, reboots, silences })
  }

  summary(): SimNetworkSummary {
    let interfaces = 0
    let links = 0
    for (const d of this.devices.values()) {
      interfaces += d.interfaces.size
      for (const i of d.interfaces.values()) if (i.circuitId) links++
    }
    const events: Record<string, number> = {}
    for (const e of this.events) events[e.kind] = (events[e.kind] ?? 0) + 1
    return { devices: this.devices.size, interfaces, links, events }
  }

  /** Events in progress at an instant (Unix seconds). */
  activeAt(unixSeconds: number): SimEvent[] {
    return this.events.filter((e) => occurrenceAt([e.start, e.end], unixSeconds) !== null)
  }
}

