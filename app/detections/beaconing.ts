import type { FlowRecord } from '#collectors/flow/flow_record'
import { BoundedTable } from '#app/detections/bounded_table'
import { detection, hasPorts, isReply, Tally, type DetectionEvent } from '#app/detections/detection'
import type { Detector } from '#app/detections/counting'
import type { PrefixSet } from '#app/detections/prefixes'
import type { DetectionRules } from '#app/detections/rules'

interface Channel {
  /** Start times (ms) of the last connections, oldest first. */
  starts: number[]
  tally: Tally
  reportedAt: number
}

/** Mean and coefficient of variation (standard deviation over mean) of the gaps between times. */
export function rhythm(starts: number[]): { mean: number; jitter: number } {
  const gaps: number[] = []
  for (let i = 1; i < starts.length; i++) gaps.push(starts[i] - starts[i - 1])
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length
  const variance = gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length
  return { mean, jitter: mean > 0 ? Math.sqrt(variance) / mean : Number.POSITIVE_INFINITY }
}

/**
 * Regular small connections from an internal host to one external host and port: malware
 * calling home on a timer. The last `minConnections` connection starts are kept per channel;
 * when their gaps are regular enough (low jitter) and within the interval bounds, it is
 * beaconing. Without agency prefixes every pair is watched.
 *
 * Most pairs connect once (a page fetched, a mail sent): a channel with its list of starts and
 * its tally is opened only on a pair's second connection. The first is held in a table of its
 * own as the flow itself, a reference the flow's evidence would have kept anyway, so a busy
 * link's one-off pairs no longer push the channels that matter out of a full table.
 */
export class Beaconing implements Detector {
  readonly name = 'beaconing'
  readonly table: BoundedTable<Channel>
  /** Pairs seen once: their first connection, waiting for a second. */
  readonly firstSeen: BoundedTable<FlowRecord>
  suppressed = 0
  readonly #ignored: Set<number>

  constructor(
    private rules: DetectionRules,
    private internal: PrefixSet | null
  ) {
    this.table = new BoundedTable(rules.maxEntries)
    this.firstSeen = new BoundedTable(rules.maxEntries)
    this.#ignored = new Set(rules.beaconing.ignorePorts)
  }

  observe(flow: FlowRecord, now: number): DetectionEvent | null {
    const rule = this.rules.beaconing
    if (!hasPorts(flow.protocol) || isReply(flow) || flow.bytes > rule.maxBytes || this.#ignored.has(flow.dstPort)) return null
    if (this.internal && this.internal.size > 0 && (!this.internal.has(flow.srcAddr) || this.internal.has(flow.dstAddr))) return null
    const key = `${flow.srcAddr}|${flow.dstAddr}|${flow.protocol}|${flow.dstPort}`
    const start = flow.first.getTime()
    let channel = this.table.get(key)
    if (channel === undefined) {
      const first = this.firstSeen.get(key)
      // The first connection, or the same one exported twice: nothing to open a channel for yet.
      if (first === undefined || first.first.getTime() === start) {
        if (first === undefined) this.firstSeen.touch(key, now, () => flow)
        return null
      }
      this.firstSeen.delete(key)
      channel = { starts: [first.first.getTime()], tally: new Tally(), reportedAt: Number.NEGATIVE_INFINITY }
      channel.tally.add(first, this.rules.evidenceFlows)
    }
    const kept = channel
    this.table.touch(key, now, () => kept)
    const starts = channel.starts
    // Exports reach us in the order flows ended; a connection is placed by its start.
    let at = starts.length
    while (at > 0 && starts[at - 1] > start) at--
    if (at > 0 && starts[at - 1] === start) return null
    starts.splice(at, 0, start)
    while (starts.length > rule.minConnections) starts.shift()
    while (starts.length > 0 && starts[0] < start - rule.windowSeconds * 1000) starts.shift()
    channel.tally.add(flow, this.rules.evidenceFlows)
    if (starts.length < rule.minConnections) return null

    const { mean, jitter } = rhythm(starts)
    if (jitter > rule.maxJitter || mean < rule.minIntervalSeconds * 1000 || mean > rule.maxIntervalSeconds * 1000) return null
    const t = flow.last.getTime()
    if (t - channel.reportedAt < this.rules.dedupSeconds * 1000) {
      this.suppressed++
      return null
    }
    channel.reportedAt = t
    return detection('beaconing', flow.srcAddr, flow.dstAddr, channel.tally, starts.length, rule.minConnections, {
      port: flow.dstPort,
      protocol: flow.protocol,
      detail: { interval_seconds: Math.round(mean / 100) / 10, jitter: Math.round(jitter * 1000) / 1000 },
    })
  }

  expire(now: number) {
    this.table.expire(now - this.rules.beaconing.windowSeconds * 1000, now)
    this.firstSeen.expire(now - this.rules.beaconing.windowSeconds * 1000, now)
  }
}
