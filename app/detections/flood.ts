import type { FlowRecord } from '#collectors/flow/flow_record'
import { BoundedTable } from '#app/detections/bounded_table'
import { detection, Tally, type DetectionEvent } from '#app/detections/detection'
import type { Detector } from '#app/detections/counting'
import type { PrefixSet } from '#app/detections/prefixes'
import type { DetectionRules } from '#app/detections/rules'

interface Destination {
  bucket: number
  bytes: number
  packets: number
  tally: Tally
  /** Bytes and packets per bucket the destination usually receives (EWMA); null before its first bucket closed. */
  baselineBytes: number | null
  baselinePackets: number | null
  /** Buckets closed since the destination was first seen (empty ones included). */
  watched: number
  flagged: boolean
  reportedAt: number
}

/**
 * Traffic toward one destination far above its own learned baseline. Traffic is summed per
 * bucket; when a bucket closes it is folded into the destination's exponentially weighted
 * average (a quiet bucket lowers it, a flooded one is left out so an attack never teaches the
 * baseline that it is normal). The running bucket is checked on every flow, so a flood is
 * reported while it happens, not when its bucket ends.
 */
export class Flood implements Detector {
  readonly name = 'flood'
  readonly table: BoundedTable<Destination>
  suppressed = 0
  readonly #bucketMs: number

  constructor(
    private rules: DetectionRules,
    private internal: PrefixSet | null
  ) {
    this.table = new BoundedTable(rules.maxEntries)
    this.#bucketMs = rules.flood.bucketSeconds * 1000
  }

  observe(flow: FlowRecord, now: number): DetectionEvent | null {
    const rule = this.rules.flood
    if (rule.internalOnly && this.internal && this.internal.size > 0 && !this.internal.has(flow.dstAddr)) return null
    const t = flow.last.getTime()
    const bucket = Math.floor(t / this.#bucketMs)
    const d = this.table.touch(flow.dstAddr, now, () => ({
      bucket,
      bytes: 0,
      packets: 0,
      tally: new Tally(),
      baselineBytes: null,
      baselinePackets: null,
      watched: 0,
      flagged: false,
      reportedAt: Number.NEGATIVE_INFINITY,
    }))
    if (bucket > d.bucket) this.#close(d, bucket)
    // A flow longer than a bucket counts only its share in the bucket it ended in.
    const duration = t - flow.first.getTime()
    const share = duration > this.#bucketMs ? this.#bucketMs / duration : 1
    d.bytes += flow.bytes * share
    d.packets += flow.packets * share
    d.tally.add(flow, this.rules.evidenceFlows)
    if (d.flagged || d.watched < rule.warmupBuckets || d.baselineBytes === null) return null

    const floorBytes = rule.minBytesPerSecond * rule.bucketSeconds
    const floorPackets = rule.minPacketsPerSecond * rule.bucketSeconds
    const byBytes = d.bytes > Math.max(floorBytes, rule.factor * d.baselineBytes)
    const byPackets = d.packets > Math.max(floorPackets, rule.factor * d.baselinePackets!)
    if (!byBytes && !byPackets) return null
    d.flagged = true
    if (t - d.reportedAt < this.rules.dedupSeconds * 1000) {
      this.suppressed++
      return null
    }
    d.reportedAt = t
    const ratio = (value: number, baseline: number) => Math.round((value / Math.max(baseline, 1)) * 10) / 10
    const observed = byBytes ? ratio(d.bytes, d.baselineBytes) : ratio(d.packets, d.baselinePackets!)
    return detection('flood', flow.srcAddr, flow.dstAddr, d.tally, observed, rule.factor, {
      detail: {
        measure: byBytes ? 'bytes' : 'packets',
        bucket_bytes: Math.round(d.bytes),
        bucket_packets: Math.round(d.packets),
        baseline_bytes: Math.round(d.baselineBytes),
        baseline_packets: Math.round(d.baselinePackets!),
        bucket_seconds: rule.bucketSeconds,
      },
    })
  }

  #close(d: Destination, bucket: number) {
    const alpha = this.rules.flood.alpha
    if (!d.flagged) {
      d.baselineBytes = d.baselineBytes === null ? d.bytes : alpha * d.bytes + (1 - alpha) * d.baselineBytes
      d.baselinePackets = d.baselinePackets === null ? d.packets : alpha * d.packets + (1 - alpha) * d.baselinePackets!
    }
    // Buckets with no traffic at all are zeros in the average.
    const empty = bucket - d.bucket - 1
    if (empty > 0 && d.baselineBytes !== null) {
      const decay = (1 - alpha) ** empty
      d.baselineBytes *= decay
      d.baselinePackets! *= decay
    }
    d.watched += bucket - d.bucket
    d.bucket = bucket
    d.bytes = 0
    d.packets = 0
    d.flagged = false
    d.tally.reset()
  }

  expire(now: number) {
    // A baseline is worth keeping for a day of silence; past that the destination learns anew.
    this.table.expire(now - Math.max(86_400_000, this.#bucketMs * this.rules.flood.warmupBuckets), now)
  }
}
