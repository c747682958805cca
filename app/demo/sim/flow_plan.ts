import { addressIn, prefixSize } from '#app/demo/address_plan'
import { apportion, createRandom, type Random } from '#app/demo/prng'
import type { ExportFlow } from '#app/demo/sim/flow_encoder'
import { weekPosition } from '#app/demo/sim/traffic'

/**
 * Who fills a simulated uplink: the bytes its octet counters grew by over an export interval,
 * split into flows between plausible talkers. Pure: the same interval of the same interface
 * always gives the same flows, and their bytes add up exactly to what the counters grew by in
 * each direction, so the flows and the SNMP charts tell one story.
 *
 * The router sits in the hub's shared data centre with its uplink towards the GSN core: "out"
 * of the uplink is what the hub's agencies send into the GSN, "in" what comes back.
 */

export interface Talkers {
  /** Prefixes of the agencies behind this uplink (the hub and the agencies that fold into it). */
  local: readonly string[]
  /** Prefixes of agencies elsewhere on the GSN. */
  remote: readonly string[]
  /** Addresses outside the GSN. */
  internet: readonly string[]
  /** Where the nightly replication goes (the off-site backup data centres). */
  backup: readonly string[]
}

export interface IntervalTraffic {
  /** Seeds the talkers: the device's hostname. */
  device: string
  uplinkIfIndex: number
  /** The router's side towards the agencies (not an interface the SNMP agent serves). */
  lanIfIndex: number
  /** Unix seconds, [from, to). */
  from: number
  to: number
  inBytes: number
  outBytes: number
  /** The uplink carries the nightly copy to the backup data centre. */
  replicates: boolean
  /**
   * Flows the interval carries besides the ordinary traffic (the demo's attacks): their bytes
   * come out of the totals, so everything still adds up to the counters. A line that carried
   * less than they need (down, or nearly idle) did not carry them.
   */
  extra?: readonly ExportFlow[]
}

interface Service {
  port: number
  protocol: 6 | 17 | 1
  /** Share of the bytes (weights, not percentages). */
  bytes: number
  /** Share of the flows of an interval. */
  flows: number
  packetBytes: number
  /** Chance that the agency's side is the server (citizens reach government sites through the GSN too). */
  localServes: number
}

// What a ministry's uplink carries: web services and their users above all, then file shares,
// mail, databases and the administration protocols; DNS and NTP are many small flows.
const SERVICES: readonly Service[] = [
  { port: 443, protocol: 6, bytes: 600, flows: 36, packetBytes: 1150, localServes: 0.55 },
  { port: 80, protocol: 6, bytes: 60, flows: 6, packetBytes: 900, localServes: 0.45 },
  { port: 445, protocol: 6, bytes: 90, flows: 4, packetBytes: 1100, localServes: 0.5 },
  { port: 25, protocol: 6, bytes: 50, flows: 6, packetBytes: 700, localServes: 0.5 },
  { port: 1433, protocol: 6, bytes: 40, flows: 3, packetBytes: 800, localServes: 0.6 },
  { port: 3389, protocol: 6, bytes: 30, flows: 3, packetBytes: 600, localServes: 0.5 },
  { port: 22, protocol: 6, bytes: 20, flows: 3, packetBytes: 400, localServes: 0.5 },
  { port: 636, protocol: 6, bytes: 10, flows: 2, packetBytes: 500, localServes: 0.3 },
  { port: 53, protocol: 17, bytes: 0.2, flows: 12, packetBytes: 110, localServes: 0.3 },
  { port: 123, protocol: 17, bytes: 0.02, flows: 3, packetBytes: 90, localServes: 0.2 },
  { port: 514, protocol: 17, bytes: 0.3, flows: 2, packetBytes: 300, localServes: 0.3 },
  { port: 161, protocol: 17, bytes: 0.1, flows: 2, packetBytes: 200, localServes: 0.5 },
  { port: 0, protocol: 1, bytes: 0.02, flows: 2, packetBytes: 84, localServes: 0.5 },
]
const RSYNC: Service = { port: 873, protocol: 6, bytes: 0, flows: 3, packetBytes: 1400, localServes: 0 }

/** Flows per direction and interval, at most (a router's cache exports many more; the demo needs a picture, not a load test). */
export const FLOWS_PER_DIRECTION = 64
/** Share of the flows between IPv6 addresses. */
const IPV6_SHARE = 0.15
/** Share of remote talkers outside the GSN. */
const INTERNET_SHARE = 0.4

/** Whether the nightly replication window (01:00–04:30 Taipei) holds this instant. */
export function replicationHour(unixSeconds: number): boolean {
  const hour = (weekPosition(unixSeconds).second % 86_400) / 3600
  return hour >= 1 && hour < 4.5
}

/** A skewed index in [0, n): a few hosts are busy, most are not. */
const skewed = (random: Random, n: number, power = 2.5) => Math.min(n - 1, Math.floor(random.next() ** power * n))

function hostIn(random: Random, prefixes: readonly string[], ipv6: boolean, server: boolean): string {
  const family = prefixes.filter((p) => p.includes(':') === ipv6)
  const pool = family.length ? family : prefixes
  const prefix = pool[skewed(random, pool.length, 1.6)]
  const size = prefixSize(prefix)
  // Servers sit low in each range (.10–.49), desktops above (.100 onwards).
  const index = server ? 10 + skewed(random, 40) : 100 + skewed(random, Math.max(1, Math.min(size - 102, 900)), 1.4)
  return addressIn(prefix, Math.min(index, size - 2))
}

/** One pair of talkers that use a service over an uplink all day, and its steady share of the service's bytes. */
interface Conversation {
  ipv6: boolean
  localServes: boolean
  local: string
  remote: string
  weight: number
}

/** How much each interval moves a conversation's share: ±20 %, so no host's minute is a surprise. */
const SHARE_JITTER = 0.2

/**
 * The conversations behind `slots` flows of a service over one uplink, the busiest first. Drawn
 * from a random seeded by the uplink and the service, not the interval, the same servers and clients talk every
 * interval and each destination's bytes follow the line's own curve (a flood rule learns them),
 * as on a real uplink where many sessions even each server's minutes out. Both directions share
 * them: the server's answers go out where its requests came in.
 */
function conversationsOf(service: Service, slots: number, talkers: Talkers, random: Random): Conversation[] {
  return Array.from({ length: slots }, (_, rank) => {
    const ipv6 = random.chance(IPV6_SHARE)
    const localServes = random.chance(service.localServes)
    const local = hostIn(random, talkers.local, ipv6, localServes)
    const remotePool = service === RSYNC ? talkers.backup : talkers.remote.length === 0 || random.chance(INTERNET_SHARE) ? talkers.internet : talkers.remote
    const remote = hostIn(random, remotePool, ipv6, !localServes)
    // A few conversations carry more than the rest, none most of it.
    return { ipv6, localServes, local, remote, weight: 1 / (rank + 1) ** 0.7 }
  })
}

function flowsOf(
  service: Service,
  bytes: number,
  count: number,
  slots: number,
  out: boolean,
  traffic: IntervalTraffic,
  talkers: Talkers,
  seed: string,
  random: Random,
  into: ExportFlow[]
) {
  // The bulk (TCP) services talk between standing pairs, a quiet interval using only the busiest
  // of them. The small UDP and ICMP exchanges (at most a few hundred kB a minute) pick their
  // talkers afresh each interval: a pair polled every interval at the same moment would beacon.
  const conversations =
    service.protocol === 6
      ? conversationsOf(service, slots, talkers, createRandom(`${seed}/conversations/${traffic.device}/${traffic.uplinkIfIndex}/${service.port}`)).slice(0, count)
      : conversationsOf(service, count, talkers, random)
  const parts = apportion(
    bytes,
    conversations.map((c) => c.weight * (1 - SHARE_JITTER + 2 * SHARE_JITTER * random.next()))
  )
  const span = (traffic.to - traffic.from) * 1000
  parts.forEach((part, i) => {
    if (part === 0) return
    const { ipv6, localServes, local, remote } = conversations[i]
    const ephemeral = 49152 + random.int(0, 16383)
    // Who serves decides which side has the well-known port; the direction which side sends.
    const [localPort, remotePort] = localServes ? [service.port, ephemeral] : [ephemeral, service.port]
    let protocol: number = service.protocol
    let srcPort = out ? localPort : remotePort
    let dstPort = out ? remotePort : localPort
    if (protocol === 1) {
      if (ipv6) protocol = 58
      // Echo request towards the side that is pinged, the reply back: type × 256 + code.
      const request = out !== localServes
      srcPort = 0
      dstPort = ipv6 ? (request ? 128 : 129) * 256 : request ? 8 * 256 : 0
    }
    const packets = Math.max(1, Math.round(part / service.packetBytes))
    const firstMs = traffic.from * 1000 + random.int(0, Math.floor(span / 2))
    const lastMs = Math.max(firstMs, traffic.to * 1000 - 1 - random.int(0, Math.floor(span / 10)))
    into.push({
      srcAddr: out ? local : remote,
      dstAddr: out ? remote : local,
      srcPort,
      dstPort,
      protocol,
      packets,
      bytes: part,
      firstMs,
      lastMs,
      // A short exchange is seen whole (SYN … FIN); a long one only mid-stream (ACK, PSH).
      tcpFlags: protocol === 6 ? (packets < 40 ? 0x1b : 0x18) : 0,
      inputIf: out ? traffic.lanIfIndex : traffic.uplinkIfIndex,
      outputIf: out ? traffic.uplinkIfIndex : traffic.lanIfIndex,
    })
  })
}

/** The flows of one direction of one interval. */
function directionFlows(traffic: IntervalTraffic, talkers: Talkers, out: boolean, seed: string): ExportFlow[] {
  const total = out ? traffic.outBytes : traffic.inBytes
  const flows: ExportFlow[] = []
  if (!(total > 0)) return flows
  const random = createRandom(`${seed}/flows/${traffic.device}/${traffic.uplinkIfIndex}/${traffic.from}/${out ? 'out' : 'in'}`)
  const services: Service[] = [...SERVICES]
  const shares = services.map((s) => s.bytes)
  if (traffic.replicates && talkers.backup.length && replicationHour(traffic.from)) {
    // The copy fills the line outwards; what comes back is its acknowledgements.
    services.push(RSYNC)
    const rest = shares.reduce((a, b) => a + b, 0)
    shares.push(out ? rest * 4 : rest * 0.03)
  }
  const byService = apportion(total, shares)
  const flowShares = services.map((s) => s.flows)
  const flowTotal = flowShares.reduce((a, b) => a + b, 0)
  services.forEach((service, i) => {
    const bytes = byService[i]
    if (bytes === 0) return
    // No more flows than the bytes can carry whole packets for, and at least one.
    const byBudget = Math.max(1, Math.round((FLOWS_PER_DIRECTION * service.flows) / flowTotal))
    const count = Math.max(1, Math.min(byBudget, Math.floor(bytes / service.packetBytes)))
    flowsOf(service, bytes, count, byBudget, out, traffic, talkers, seed, random, flows)
  })
  return flows
}

/** Every flow of one interval of one uplink, both directions: out first, then in. */
export function planFlows(traffic: IntervalTraffic, talkers: Talkers, seed = 'gsn-demo'): ExportFlow[] {
  if (talkers.local.length === 0) throw new Error(`${traffic.device}: no local prefixes to draw talkers from`)
  if (talkers.internet.length === 0) throw new Error(`${traffic.device}: no outside prefixes to draw talkers from`)
  const extra = traffic.extra ?? []
  const outgoing = extra.filter((f) => f.outputIf === traffic.uplinkIfIndex)
  const incoming = extra.filter((f) => f.outputIf !== traffic.uplinkIfIndex)
  const bytes = (flows: readonly ExportFlow[]) => flows.reduce((sum, f) => sum + f.bytes, 0)
  const outBytes = traffic.outBytes - bytes(outgoing)
  const inBytes = traffic.inBytes - bytes(incoming)
  if (extra.length === 0 || outBytes < 0 || inBytes < 0) {
    return [...directionFlows(traffic, talkers, true, seed), ...directionFlows(traffic, talkers, false, seed)]
  }
  const rest = { ...traffic, outBytes, inBytes }
  return [...directionFlows(rest, talkers, true, seed), ...outgoing, ...directionFlows(rest, talkers, false, seed), ...incoming]
}
