import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import { IcmpSocket, addressKey, wallClockMs, type Family } from '#collectors/probe/icmp_socket'
import { summariseBurst, type BurstSummary } from '#collectors/probe/burst'

const ECHO_REQUEST = { 4: 8, 6: 128 } as const
const ECHO_REPLY = { 4: 0, 6: 129 } as const
/** How often a family's socket is read while answers are awaited. */
const DRAIN_MS = 10

export interface BurstOptions {
  /** Probes in the burst (SmokePing's default is 20). */
  count?: number
  /** Time between two probes' sending, ms: the burst is spread over count × spacing. */
  spacingMs?: number
  /** A probe not answered within this is lost. */
  timeoutMs?: number
  /** ICMP payload bytes (fping's and ping's default, 56). */
  payloadBytes?: number
}

export interface BurstResult extends BurstSummary {
  address: string
  family: Family
  startedAt: Date
  /** Per probe in sending order: RTT ms, or null when lost. */
  rtts: (number | null)[]
  /** Probes the kernel refused to send (no route): counted as lost, with the first reason. */
  sendErrors: number
  sendError?: string
}

interface Pending {
  /** addressKey() of the address probed: only it may answer. */
  source: string
  sentAtMs: number
  deadline: number
  settle: (rtt: number | null) => void
}

/** The Internet checksum (RFC 1071) of an ICMPv4 message; ICMPv6's the kernel fills in. */
export function internetChecksum(message: Buffer) {
  let sum = 0
  for (let i = 0; i + 1 < message.length; i += 2) sum += message.readUInt16BE(i)
  if (message.length % 2 === 1) sum += message[message.length - 1] << 8
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  return ~sum & 0xffff
}

/**
 * ICMP echo bursts to IPv4 and IPv6 addresses over one raw socket per family. Every raw socket
 * sees every echo reply the host receives (fping's, other collectors'), so a reply counts only
 * when its identifier, sequence number, 8-byte token and source address are all ours.
 * Many bursts run at once over the same sockets.
 */
export class EchoProber {
  readonly identifier: number
  #token = randomBytes(8)
  #sequence = 0
  #sockets = new Map<Family, IcmpSocket>()
  #pending = new Map<Family, Map<number, Pending>>()
  #pumping = new Set<Family>()
  #closed = false

  constructor() {
    this.identifier = randomBytes(2).readUInt16BE(0)
  }

  #socket(family: Family) {
    let socket = this.#sockets.get(family)
    if (!socket) {
      socket = new IcmpSocket(family)
      this.#sockets.set(family, socket)
      this.#pending.set(family, new Map())
    }
    return socket
  }

  /** Sends one echo request; resolves with its RTT in ms or null when unanswered in time. */
  probe(address: string, timeoutMs = 1000, payloadBytes = 56): Promise<number | null> | { error: string } {
    const family = isIP(address) as Family | 0
    if (family !== 4 && family !== 6) return { error: `not an IP address: ${address}` }
    const socket = this.#socket(family)
    const pending = this.#pending.get(family)!
    let sequence = this.#sequence
    // Skip numbers still waiting for an answer (only after 65,536 probes in one timeout).
    for (let tries = 0; pending.has(sequence) && tries < 0x10000; tries++) sequence = (sequence + 1) & 0xffff
    this.#sequence = (sequence + 1) & 0xffff

    const message = Buffer.alloc(8 + Math.max(8, payloadBytes))
    message[0] = ECHO_REQUEST[family]
    message.writeUInt16BE(this.identifier, 4)
    message.writeUInt16BE(sequence, 6)
    this.#token.copy(message, 8)
    if (family === 4) message.writeUInt16BE(internetChecksum(message), 2)

    return new Promise<number | null>((resolve) => {
      const sentAtMs = wallClockMs()
      const sent = socket.send(address, message)
      if (!sent.ok) {
        resolve(null)
        this.#lastSendError = sent.error
        return
      }
      pending.set(sequence, { source: this.#keyOf(family, address), sentAtMs, deadline: sentAtMs + timeoutMs, settle: resolve })
      this.#pump(family)
    })
  }

  #lastSendError: string | undefined
  #keys = new Map<string, string>()

  #keyOf(family: Family, address: string) {
    let key = this.#keys.get(address)
    if (key === undefined) {
      key = addressKey(family, address)
      if (this.#keys.size > 100_000) this.#keys.clear()
      this.#keys.set(address, key)
    }
    return key
  }

  /**
   * One drain loop per family while anything waits for an answer. Replies carry the kernel's
   * receive time, so they need not be read the moment they arrive: reading every DRAIN_MS costs
   * one recvmsg per tick instead of a thread wake-up per reply (bench/probe_cost.ts: with the
   * copy-free drain it took our CPU per probe from 2.8 times fping's to 1.2 times), and times
   * nothing less exactly.
   */
  #pump(family: Family) {
    if (this.#pumping.has(family)) return
    this.#pumping.add(family)
    const socket = this.#sockets.get(family)!
    const pending = this.#pending.get(family)!
    const tick = () => {
      if (this.#closed) {
        this.#pumping.delete(family)
        for (const p of pending.values()) p.settle(null)
        pending.clear()
        return
      }
      socket.drain((datagram) => this.#answer(family, datagram.from, datagram.icmp, datagram.atMs))
      const now = wallClockMs()
      for (const [sequence, p] of pending) {
        if (p.deadline > now) continue
        pending.delete(sequence)
        p.settle(null)
      }
      if (pending.size === 0) this.#pumping.delete(family)
      else setTimeout(tick, DRAIN_MS)
    }
    setTimeout(tick, DRAIN_MS)
  }

  #answer(family: Family, from: string, icmp: Buffer, atMs: number) {
    if (icmp.length < 16 || icmp[0] !== ECHO_REPLY[family]) return
    if (icmp.readUInt16BE(4) !== this.identifier || !icmp.subarray(8, 16).equals(this.#token)) return
    const pending = this.#pending.get(family)!
    const sequence = icmp.readUInt16BE(6)
    const p = pending.get(sequence)
    if (!p || p.source !== from) return
    pending.delete(sequence)
    // An answer after its deadline (a slow wake-up) is still lost, as fping's -t counts it.
    const rtt = atMs - p.sentAtMs
    p.settle(atMs <= p.deadline ? Math.max(0, rtt) : null)
  }

  /**
   * A burst: `count` probes `spacingMs` apart, each waited for up to `timeoutMs`. Resolves when
   * the last probe is answered or lost.
   */
  async burst(address: string, options: BurstOptions = {}): Promise<BurstResult> {
    const count = Math.max(1, Math.floor(options.count ?? 20))
    const spacingMs = Math.max(1, options.spacingMs ?? 1000)
    const timeoutMs = Math.max(1, options.timeoutMs ?? 1000)
    const family = isIP(address)
    if (family !== 4 && family !== 6) throw new Error(`not an IP address: ${address}`)
    const startedAt = new Date()
    const start = performance.now()
    const answers: Promise<number | null>[] = []
    let sendErrors = 0
    let sendError: string | undefined
    let lastSent = -Infinity
    for (let i = 0; i < count; i++) {
      if (this.#closed) break
      // On its slot, but never less than half a spacing after the previous probe: a busy event
      // loop that wakes late sends the overdue probes spread out, not as a clump the path would
      // queue (and so measure) differently from evenly spread probes.
      const due = Math.max(start + i * spacingMs, lastSent + spacingMs / 2) - performance.now()
      if (due > 0) await new Promise((resolve) => setTimeout(resolve, due))
      lastSent = performance.now()
      this.#lastSendError = undefined
      const answer = this.probe(address, timeoutMs, options.payloadBytes)
      if ('error' in answer) throw new Error(answer.error)
      if (this.#lastSendError) {
        sendErrors++
        sendError ??= this.#lastSendError
      }
      answers.push(answer)
    }
    const rtts = await Promise.all(answers)
    return { address, family, startedAt, rtts, sendErrors, sendError, ...summariseBurst(rtts) }
  }

  /** Replies timed on reading rather than by the kernel, over all sockets. */
  get unstamped() {
    let total = 0
    for (const socket of this.#sockets.values()) total += socket.unstamped
    return total
  }

  close() {
    this.#closed = true
    for (const socket of this.#sockets.values()) socket.close()
  }
}
