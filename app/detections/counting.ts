import type { FlowRecord } from '#collectors/flow/flow_record'
import { BoundedTable } from '#app/detections/bounded_table'
import { detection, hasPorts, isReply, protocolName, Tally, type DetectionEvent } from '#app/detections/detection'
import type { DetectionRules } from '#app/detections/rules'

/**
 * The three rules that count something within a sliding window per key: distinct ports of one
 * host (port scan), distinct hosts on one port (host sweep), short sessions to a login port
 * (brute force). Each flow costs one map update; the window is pruned only when the count
 * reaches the threshold, and a key that has just been reported is not recounted until its
 * dedup period is over.
 */

interface Watch {
  /** Item (port, host, session) → flow time (ms) it was last seen. */
  seen: Map<string | number, number>
  tally: Tally
  reportedAt: number
}

export interface Detector {
  readonly name: string
  observe(flow: FlowRecord, now: number): DetectionEvent | null
  /** Forgets state idle since before `now` less the rule's window. */
  expire(now: number): void
  readonly table: BoundedTable<unknown>
  /** Detections the detector held back because its key was reported within the dedup period. */
  suppressed: number
}

abstract class WindowedCount implements Detector {
  abstract readonly name: string
  readonly table: BoundedTable<Watch>
  suppressed = 0
  protected abstract windowMs: number
  protected abstract threshold: number

  constructor(protected rules: DetectionRules) {
    this.table = new BoundedTable(rules.maxEntries)
  }

  /** The key, the item counted, or null when the flow is not this rule's business. */
  protected abstract classify(flow: FlowRecord): { key: string; item: string | number } | null
  protected abstract report(flow: FlowRecord, watch: Watch, observed: number): DetectionEvent

  observe(flow: FlowRecord, now: number) {
    const what = this.classify(flow)
    if (!what) return null
    const t = flow.last.getTime()
    const watch = this.table.touch(what.key, now, () => ({ seen: new Map(), tally: new Tally(), reportedAt: Number.NEGATIVE_INFINITY }))
    watch.seen.delete(what.item)
    watch.seen.set(what.item, t)
    watch.tally.add(flow, this.rules.evidenceFlows)
    if (watch.seen.size < this.threshold) return null
    if (t - watch.reportedAt < this.rules.dedupSeconds * 1000) {
      this.suppressed++
      this.trim(watch, t)
      return null
    }
    this.trim(watch, t)
    if (watch.seen.size < this.threshold) return null
    watch.reportedAt = t
    return this.report(flow, watch, watch.seen.size)
  }

  /** Drops items older than the window (the map is in last-seen order, so it stops at the first fresh one). */
  protected trim(watch: Watch, t: number) {
    const from = t - this.windowMs
    for (const [item, at] of watch.seen) {
      if (at >= from) break
      watch.seen.delete(item)
    }
  }

  expire(now: number) {
    this.table.expire(now - this.windowMs, now)
  }
}

/** Many ports of one host probed by one source. */
export class PortScan extends WindowedCount {
  readonly name = 'port_scan'
  protected windowMs = this.rules.portScan.windowSeconds * 1000
  protected threshold = this.rules.portScan.distinctPorts

  protected classify(flow: FlowRecord) {
    if (!hasPorts(flow.protocol) || isReply(flow) || flow.packets > this.rules.portScan.probeMaxPackets) return null
    return { key: `${flow.srcAddr}|${flow.dstAddr}`, item: flow.protocol * 65536 + flow.dstPort }
  }

  protected report(flow: FlowRecord, watch: Watch, observed: number) {
    const protocols = new Set([...watch.seen.keys()].map((k) => protocolName(Math.floor(Number(k) / 65536))))
    return detection('port_scan', flow.srcAddr, flow.dstAddr, watch.tally, observed, this.threshold, {
      detail: { protocols: [...protocols].sort().join(','), window_seconds: this.rules.portScan.windowSeconds },
    })
  }
}

/** One port probed across many hosts by one source. */
export class HostSweep extends WindowedCount {
  readonly name = 'host_sweep'
  protected windowMs = this.rules.hostSweep.windowSeconds * 1000
  protected threshold = this.rules.hostSweep.distinctHosts
  readonly #ignored = new Set(this.rules.hostSweep.ignorePorts)

  protected classify(flow: FlowRecord) {
    // ICMP echo sweeps count too: type 8 (IPv4) and 128 (IPv6) are in the port field as type × 256.
    const echo = (flow.protocol === 1 && flow.dstPort >> 8 === 8) || (flow.protocol === 58 && flow.dstPort >> 8 === 128)
    if (!echo && (!hasPorts(flow.protocol) || isReply(flow) || this.#ignored.has(flow.dstPort))) return null
    if (flow.packets > this.rules.hostSweep.probeMaxPackets) return null
    return { key: `${flow.srcAddr}|${flow.protocol}|${echo ? 'echo' : flow.dstPort}`, item: flow.dstAddr }
  }

  protected report(flow: FlowRecord, watch: Watch, observed: number) {
    const echo = flow.protocol === 1 || flow.protocol === 58
    const target = echo ? `*:${protocolName(flow.protocol)}-echo` : `*:${flow.dstPort}/${protocolName(flow.protocol)}`
    return detection('host_sweep', flow.srcAddr, target, watch.tally, observed, this.threshold, {
      port: echo ? null : flow.dstPort,
      protocol: flow.protocol,
      detail: { window_seconds: this.rules.hostSweep.windowSeconds },
    })
  }
}

/** Many short sessions from one source to a login port of one host. */
export class BruteForce extends WindowedCount {
  readonly name = 'brute_force'
  protected windowMs = this.rules.bruteForce.windowSeconds * 1000
  protected threshold = this.rules.bruteForce.attempts
  readonly #ports = new Set(this.rules.bruteForce.ports)

  protected classify(flow: FlowRecord) {
    if (flow.protocol !== 6 || !this.#ports.has(flow.dstPort)) return null
    const rule = this.rules.bruteForce
    if (flow.packets > rule.sessionMaxPackets || flow.last.getTime() - flow.first.getTime() > rule.sessionMaxSeconds * 1000) return null
    // One session is one source port and start; an exporter splitting a session keeps both.
    return { key: `${flow.srcAddr}|${flow.dstAddr}|${flow.dstPort}`, item: `${flow.srcPort}@${flow.first.getTime()}` }
  }

  protected report(flow: FlowRecord, watch: Watch, observed: number) {
    return detection('brute_force', flow.srcAddr, flow.dstAddr, watch.tally, observed, this.threshold, {
      port: flow.dstPort,
      protocol: 6,
      detail: { window_seconds: this.rules.bruteForce.windowSeconds },
    })
  }
}
