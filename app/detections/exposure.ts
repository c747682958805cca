import type { FlowRecord } from '#collectors/flow/flow_record'
import { BoundedTable } from '#app/detections/bounded_table'
import { detection, hasPorts, protocolName, Tally, type DetectionEvent } from '#app/detections/detection'
import type { Detector } from '#app/detections/counting'
import { canonicalPrefix, PrefixSet } from '#app/detections/prefixes'
import type { DetectionRules } from '#app/detections/rules'

/** What the indicator rule matches: an address or prefix, optionally only on some ports of it. */
export interface FlowIndicator {
  id: string
  value: string
  ports?: number[]
}

interface Hit {
  tally: Tally
  reportedAt: number
}

/**
 * Traffic to or from an indicator. Every flow touching one is a hit (the threshold is one
 * flow); the key is the indicator and the host on the other side, reported once per dedup
 * period with the flows counted since.
 */
export class IndicatorMatch implements Detector {
  readonly name = 'indicator'
  readonly table: BoundedTable<Hit>
  suppressed = 0
  #set = new PrefixSet()
  #byPrefix = new Map<string, FlowIndicator[]>()
  /** Indicators whose value is neither an address nor a prefix. */
  rejected: FlowIndicator[] = []

  constructor(
    private rules: DetectionRules,
    indicators: FlowIndicator[] = []
  ) {
    this.table = new BoundedTable(rules.maxEntries)
    this.replace(indicators)
  }

  /** The indicators in force from now on (a new one published, an old one expired). */
  replace(indicators: FlowIndicator[]) {
    this.#set = new PrefixSet()
    this.#byPrefix = new Map()
    this.rejected = []
    for (const indicator of indicators) {
      const prefix = canonicalPrefix(indicator.value)
      if (!prefix) {
        this.rejected.push(indicator)
        continue
      }
      this.#set.add(prefix)
      this.#byPrefix.set(prefix, [...(this.#byPrefix.get(prefix) ?? []), indicator])
    }
  }

  #matching(address: string, port: number, protocol: number) {
    const prefix = this.#set.match(address)
    if (!prefix) return null
    return this.#byPrefix.get(prefix)!.find((i) => !i.ports?.length || (hasPorts(protocol) && i.ports.includes(port))) ?? null
  }

  observe(flow: FlowRecord, now: number): DetectionEvent | null {
    let indicator = this.#matching(flow.dstAddr, flow.dstPort, flow.protocol)
    let peer = flow.srcAddr
    let port = flow.dstPort
    if (!indicator) {
      indicator = this.#matching(flow.srcAddr, flow.srcPort, flow.protocol)
      peer = flow.dstAddr
      port = flow.srcPort
    }
    if (!indicator) return null
    const key = `${indicator.id}|${peer}`
    const t = flow.last.getTime()
    const hit = this.table.touch(key, now, () => ({ tally: new Tally(), reportedAt: Number.NEGATIVE_INFINITY }))
    hit.tally.add(flow, this.rules.evidenceFlows)
    if (t - hit.reportedAt < this.rules.dedupSeconds * 1000) {
      this.suppressed++
      return null
    }
    hit.reportedAt = t
    const event = detection('indicator', indicator.value, peer, hit.tally, hit.tally.flows, 1, {
      port: hasPorts(flow.protocol) ? port : null,
      protocol: flow.protocol,
      detail: { indicator_id: indicator.id, direction: peer === flow.srcAddr ? 'to_indicator' : 'from_indicator' },
    })
    hit.tally = new Tally()
    return event
  }

  expire(now: number) {
    // Hits add up for a day, so a report after a quiet spell still says how much went before.
    this.table.expire(now - Math.max(86_400_000, this.rules.dedupSeconds * 1000), now)
  }
}

/**
 * An internal host newly serving a port to the Internet. A host serves a port when its flow to
 * an external peer leaves from the lower port (below `servicePortBelow`) toward a higher one and,
 * for TCP, the handshake completed (SYN and ACK both seen: a closed port's RST answer is no
 * service). What is served during the learning period is the normal state and not reported;
 * afterwards each new host, protocol and port is reported once and then known.
 */
export class NewExposure implements Detector {
  readonly name = 'new_exposure'
  readonly table: BoundedTable<true>
  suppressed = 0
  #learningUntil: number | null = null

  constructor(
    private rules: DetectionRules,
    private internal: PrefixSet | null
  ) {
    this.table = new BoundedTable(rules.maxEntries)
  }

  observe(flow: FlowRecord, now: number): DetectionEvent | null {
    if (!this.internal || this.internal.size === 0 || !hasPorts(flow.protocol)) return null
    const rule = this.rules.newExposure
    if (!(flow.srcPort < rule.servicePortBelow && flow.srcPort < flow.dstPort)) return null
    if (flow.protocol === 6 && (flow.tcpFlags & 0x12) !== 0x12) return null
    if (!this.internal.has(flow.srcAddr) || this.internal.has(flow.dstAddr)) return null
    const t = flow.last.getTime()
    this.#learningUntil ??= t + rule.learningSeconds * 1000
    const key = `${flow.srcAddr}|${flow.protocol}|${flow.srcPort}`
    if (this.table.get(key)) {
      this.table.touch(key, now, () => true)
      return null
    }
    this.table.touch(key, now, () => true)
    if (t < this.#learningUntil) return null
    const tally = new Tally()
    tally.add(flow, 1)
    const service = `${flow.srcPort}/${protocolName(flow.protocol)}`
    return detection('new_exposure', flow.srcAddr, flow.dstAddr, tally, 1, 1, {
      port: flow.srcPort,
      protocol: flow.protocol,
      detail: { service, prefix: this.internal.match(flow.srcAddr) },
    })
  }

  expire(now: number) {
    // What a host served is remembered for thirty days of silence, then it counts as new again.
    this.table.expire(now - 30 * 86_400_000, now)
  }

  get learning() {
    return this.#learningUntil
  }
}
