/**
 * Packets to flows the way softflowd does: one entry per pair of endpoints (addresses in byte
 * order, ports and protocol), counted per direction and exported as one record per direction
 * that saw packets, both with the pair's first and last time. An entry ends when it has been
 * idle longer than its protocol's timeout (TCP after RST or FIN both ways sooner), when it has
 * lived longer than the active timeout, or at the end of the capture.
 */
import { ipv4At, ipv6At } from './addresses.js'
import type { CapturedPacket } from './captured_packet.js'
import type { FlowRecord } from './flow_record.js'
import { frameFacts } from './frame.js'

/** Seconds; softflowd's defaults. */
export interface FlowTimeouts {
  tcp: number
  tcpRst: number
  tcpFin: number
  udp: number
  icmp: number
  general: number
  /** The active timeout: longest a flow lives before it is exported and started afresh. */
  maxLife: number
  /** How often (capture time) idle flows are swept out. */
  expiryInterval: number
}

export const SOFTFLOWD_TIMEOUTS: FlowTimeouts = { tcp: 3600, tcpRst: 120, tcpFin: 300, udp: 300, icmp: 300, general: 3600, maxLife: 604800, expiryInterval: 60 }

interface Pair {
  v6: boolean
  addr: [string, string]
  port: [number, number]
  protocol: number
  packets: [number, number]
  bytes: [number, number]
  flags: [number, number]
  startUs: number
  lastUs: number
}

export interface AssemblyCounters {
  ipPackets: number
  nonIp: number
  bad: number
}

export class FlowAssembler {
  readonly counters: AssemblyCounters = { ipPackets: 0, nonIp: 0, bad: 0 }
  readonly #pairs = new Map<string, Pair>()
  readonly #timeouts: FlowTimeouts
  readonly #idle: boolean
  readonly #exporter: string
  readonly #emit: (flow: FlowRecord) => void
  #nextSweepUs = -1

  /** `idle: false` keeps flows until the active timeout or the end, as `softflowd -r` does. */
  constructor(exporter: string, emit: (flow: FlowRecord) => void, options: { timeouts?: Partial<FlowTimeouts>; idle?: boolean } = {}) {
    this.#exporter = exporter
    this.#emit = emit
    this.#timeouts = { ...SOFTFLOWD_TIMEOUTS, ...options.timeouts }
    this.#idle = options.idle ?? true
  }

  add(packet: CapturedPacket) {
    const facts = frameFacts(packet)
    if (facts === null) return void this.counters.nonIp++
    if (facts === 'bad') return void this.counters.bad++
    this.counters.ipPackets++
    const now = packet.timeUs
    if (this.#idle && now >= this.#nextSweepUs) {
      if (this.#nextSweepUs >= 0) this.#sweep(now)
      this.#nextSweepUs = now + this.#timeouts.expiryInterval * 1e6
    }
    const ndx = facts.src > facts.dst ? 1 : 0
    const low = ndx === 0 ? facts.src : facts.dst
    const high = ndx === 0 ? facts.dst : facts.src
    const lowPort = ndx === 0 ? facts.srcPort : facts.dstPort
    const highPort = ndx === 0 ? facts.dstPort : facts.srcPort
    const key = `${low}${high}${String.fromCharCode(facts.protocol, lowPort, highPort)}`
    let pair = this.#pairs.get(key)
    if (!pair) {
      pair = {
        v6: facts.v6,
        addr: [low, high],
        port: [lowPort, highPort],
        protocol: facts.protocol,
        packets: [0, 0],
        bytes: [0, 0],
        flags: [0, 0],
        startUs: now,
        lastUs: now,
      }
      this.#pairs.set(key, pair)
    }
    pair.packets[ndx]++
    pair.bytes[ndx] += facts.bytes
    pair.flags[ndx] |= facts.tcpFlags
    pair.lastUs = now
    // Lived past the active timeout (or 2 GiB one way): out now; the next packet starts a new flow.
    if ((pair.lastUs - pair.startUs) / 1e6 > this.#timeouts.maxLife || pair.bytes[0] > 2 ** 31 || pair.bytes[1] > 2 ** 31) {
      this.#pairs.delete(key)
      this.#export(pair)
    }
  }

  /** Idle expiry at capture time `nowUs`, with softflowd's whole-second arithmetic. */
  #sweep(nowUs: number) {
    const nowSeconds = Math.floor(nowUs / 1e6)
    for (const [key, pair] of this.#pairs) {
      if (this.#expiresAt(pair) < nowSeconds) {
        this.#pairs.delete(key)
        this.#export(pair)
      }
    }
  }

  #expiresAt(p: Pair): number {
    const t = this.#timeouts
    const last = Math.floor(p.lastUs / 1e6)
    let timeout = t.general
    if (p.protocol === 6) {
      if ((p.flags[0] | p.flags[1]) & 0x04) timeout = t.tcpRst
      else if (p.flags[0] & 0x01 && p.flags[1] & 0x01) timeout = t.tcpFin
      else timeout = t.tcp
    } else if (p.protocol === 17) timeout = t.udp
    else if ((p.protocol === 1 && !p.v6) || (p.protocol === 58 && p.v6)) timeout = t.icmp
    return Math.min(last + timeout, Math.floor(p.startUs / 1e6) + t.maxLife)
  }

  /** End of capture: every flow still open is exported. */
  finish() {
    for (const pair of this.#pairs.values()) this.#export(pair)
    this.#pairs.clear()
  }

  #export(p: Pair) {
    const text = p.v6 ? (s: string) => ipv6At(Buffer.from(s, 'latin1'), 0) : (s: string) => ipv4At(Buffer.from(s, 'latin1'), 0)
    const addr = [text(p.addr[0]), text(p.addr[1])]
    for (const ndx of [0, 1]) {
      if (p.packets[ndx] === 0) continue
      this.#emit({
        exporter: this.#exporter,
        version: 0,
        observationDomain: 0,
        srcAddr: addr[ndx],
        dstAddr: addr[ndx ^ 1],
        srcPort: p.port[ndx],
        dstPort: p.port[ndx ^ 1],
        protocol: p.protocol,
        packets: p.packets[ndx],
        bytes: p.bytes[ndx],
        first: new Date(Math.floor(p.startUs / 1000)),
        last: new Date(Math.floor(p.lastUs / 1000)),
        tcpFlags: p.flags[ndx],
        inputIf: 0,
        outputIf: 0,
        samplingRate: 1,
      })
    }
  }
}
