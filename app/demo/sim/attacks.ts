import { addressIn, DEMO_ATTACKERS, prefixSize } from '#app/demo/address_plan'
import { createRandom } from '#app/demo/prng'
import type { ExportFlow } from '#app/demo/sim/flow_encoder'

/**
 * The demo network attacks itself, so the security side has something to find from the first
 * minute: a round of attacks starts `ATTACK_FIRST_SECONDS` after the exporters start, then one
 * every `ATTACK_EVERY_SECONDS`, each from one of the documented attacker addresses
 * (DEMO_ATTACKERS, outside the GSN) against the hosts of the agencies behind one uplink:
 *
 * - a SYN scan of 150 ports of one desktop, 20 probes a second, each answered by a reset;
 * - password guessing: 24 short SSH (even rounds) or RDP (odd rounds) sessions against one
 *   server, one every 1.2 s;
 * - a sweep of 64 of the agency's addresses, on 445/tcp (even rounds) or by ICMP echo (odd).
 *
 * Pure: a round is a function of its number, the start instant and the uplinks it may choose
 * from, so the same demo start gives the same attacks. The exporters put a round's flows into
 * the intervals they fall in, on the chosen uplink, inside the bytes its counters grew by
 * (flow_plan.ts), so the SNMP charts and the flows still tell one story.
 */

export const ATTACK_FIRST_SECONDS = 5
export const ATTACK_EVERY_SECONDS = 300
/** A round's flows all start within this many seconds of its start (the last session ends before it). */
export const ATTACK_ROUND_SECONDS = 70

const SCAN_PORTS = 150
const SCAN_PER_SECOND = 20
const GUESSES = 24
const GUESS_EVERY_MS = 1200
const GUESSES_FROM = 8
const SWEEP_HOSTS = 64
const SWEEP_PER_SECOND = 10
const SWEEP_FROM = 40

/** An uplink an attack may come in over, and the agencies' IPv4 prefixes behind it. */
export interface AttackVictim {
  exporter: string
  uplinkIfIndex: number
  prefixes: readonly string[]
}

export interface AttackRound {
  index: number
  /** Unix seconds. */
  start: number
  attacker: string
  exporter: string
  uplinkIfIndex: number
  /** The agency range attacked. */
  prefix: string
  scanTarget: string
  guessTarget: string
  guessPort: 22 | 3389
  sweep: { protocol: 1 | 6; port: number; hosts: string[] }
}

/** When round `index` starts, for exporters that started at `epoch` (Unix seconds). */
export const roundStart = (epoch: number, index: number) => epoch + ATTACK_FIRST_SECONDS + index * ATTACK_EVERY_SECONDS

/** The rounds whose flows may fall in [from, to) (Unix seconds). */
export function roundsBetween(epoch: number, from: number, to: number): number[] {
  const first = Math.max(0, Math.ceil((from - ATTACK_ROUND_SECONDS - epoch - ATTACK_FIRST_SECONDS) / ATTACK_EVERY_SECONDS))
  const rounds: number[] = []
  for (let i = first; roundStart(epoch, i) < to; i++) rounds.push(i)
  return rounds
}

/** Round `index`: who attacks what. `victims` are the uplinks up and exporting for the whole round; none, no round. */
export function planRound(index: number, epoch: number, victims: readonly AttackVictim[], seed = 'gsn-demo'): AttackRound | null {
  const usable = victims.filter((v) => v.prefixes.length > 0)
  if (usable.length === 0) return null
  const random = createRandom(`${seed}/attack/${epoch}/${index}`)
  const victim = usable[random.int(0, usable.length - 1)]
  const prefix = victim.prefixes[random.int(0, victim.prefixes.length - 1)]
  const size = prefixSize(prefix)
  const even = index % 2 === 0
  // Desktops from .100, servers .10–.49, as the ordinary traffic has them (flow_plan.ts).
  const desktop = (n: number) => addressIn(prefix, Math.min(size - 2, 100 + (n % Math.max(1, size - 102))))
  const offset = random.int(0, 200)
  return {
    index,
    start: roundStart(epoch, index),
    attacker: DEMO_ATTACKERS[index % DEMO_ATTACKERS.length],
    exporter: victim.exporter,
    uplinkIfIndex: victim.uplinkIfIndex,
    prefix,
    scanTarget: desktop(offset),
    guessTarget: addressIn(prefix, 10 + random.int(0, 39)),
    guessPort: even ? 22 : 3389,
    sweep: { protocol: even ? 6 : 1, port: even ? 445 : 8 * 256, hosts: Array.from({ length: SWEEP_HOSTS }, (_, i) => desktop(offset + 1 + i * 3)) },
  }
}

/**
 * Every flow of a round, both ways, as the victim's router exports them: from the attacker in
 * over the uplink (`inputIf` the uplink), the answers out over it.
 */
export function roundFlows(round: AttackRound, lanIfIndex: number): ExportFlow[] {
  const random = createRandom(`attack-flows/${round.start}/${round.index}`)
  const t0 = round.start * 1000
  const flows: ExportFlow[] = []
  const inbound = { inputIf: round.uplinkIfIndex, outputIf: lanIfIndex }
  const outbound = { inputIf: lanIfIndex, outputIf: round.uplinkIfIndex }
  // The scanner sends every probe from one port, as nmap's SYN scan does; ports in a shuffled order.
  const scanFrom = 40_000 + random.int(0, 20_000)
  const ports = Array.from({ length: SCAN_PORTS }, (_, i) => i + 1)
  for (let i = ports.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[ports[i], ports[j]] = [ports[j], ports[i]]
  }
  ports.forEach((port, i) => {
    const at = t0 + Math.floor((i * 1000) / SCAN_PER_SECOND)
    flows.push({ srcAddr: round.attacker, dstAddr: round.scanTarget, srcPort: scanFrom, dstPort: port, protocol: 6, packets: 1, bytes: 44, firstMs: at, lastMs: at, tcpFlags: 0x02, ...inbound })
    // Closed: a reset (RST+ACK) comes back.
    flows.push({ srcAddr: round.scanTarget, dstAddr: round.attacker, srcPort: port, dstPort: scanFrom, protocol: 6, packets: 1, bytes: 40, firstMs: at + 1, lastMs: at + 1, tcpFlags: 0x14, ...outbound })
  })
  for (let i = 0; i < GUESSES; i++) {
    const at = t0 + GUESSES_FROM * 1000 + i * GUESS_EVERY_MS
    const lasts = 1500 + random.int(0, 1000)
    const clientPort = 50_000 + random.int(0, 15_000)
    const packets = 10 + random.int(0, 6)
    flows.push({ srcAddr: round.attacker, dstAddr: round.guessTarget, srcPort: clientPort, dstPort: round.guessPort, protocol: 6, packets, bytes: packets * 150, firstMs: at, lastMs: at + lasts, tcpFlags: 0x1b, ...inbound })
    flows.push({ srcAddr: round.guessTarget, dstAddr: round.attacker, srcPort: round.guessPort, dstPort: clientPort, protocol: 6, packets: packets - 1, bytes: (packets - 1) * 260, firstMs: at + 1, lastMs: at + lasts, tcpFlags: 0x1b, ...outbound })
  }
  const { protocol, port, hosts } = round.sweep
  const sweepFrom = 40_000 + random.int(0, 20_000)
  hosts.forEach((host, i) => {
    const at = t0 + SWEEP_FROM * 1000 + Math.floor((i * 1000) / SWEEP_PER_SECOND)
    if (protocol === 6) {
      flows.push({ srcAddr: round.attacker, dstAddr: host, srcPort: sweepFrom, dstPort: port, protocol, packets: 1, bytes: 44, firstMs: at, lastMs: at, tcpFlags: 0x02, ...inbound })
    } else {
      flows.push({ srcAddr: round.attacker, dstAddr: host, srcPort: 0, dstPort: port, protocol, packets: 1, bytes: 84, firstMs: at, lastMs: at, tcpFlags: 0, ...inbound })
    }
    // One address in four has a host that answers: a reset on a closed 445, an echo reply.
    if (i % 4 !== 0) return
    flows.push(
      protocol === 6
        ? { srcAddr: host, dstAddr: round.attacker, srcPort: port, dstPort: sweepFrom, protocol, packets: 1, bytes: 40, firstMs: at + 1, lastMs: at + 1, tcpFlags: 0x14, ...outbound }
        : { srcAddr: host, dstAddr: round.attacker, srcPort: 0, dstPort: 0, protocol, packets: 1, bytes: 84, firstMs: at + 1, lastMs: at + 1, tcpFlags: 0, ...outbound }
    )
  })
  return flows
}

/**
 * The part of a round's flows that an export interval [from, to) carries: those that start in
 * it, cut at its end (the router's active timeout).
 */
export function flowsInInterval(flows: readonly ExportFlow[], from: number, to: number): ExportFlow[] {
  const start = from * 1000
  const end = to * 1000
  return flows.filter((f) => f.firstMs >= start && f.firstMs < end).map((f) => (f.lastMs < end ? f : { ...f, lastMs: end - 1 }))
}
