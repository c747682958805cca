import type { FlowRecord } from '#collectors/flow/flow_record'
import { BoundedTable } from '#app/detections/bounded_table'
import { Beaconing } from '#app/detections/beaconing'
import { BruteForce, HostSweep, PortScan, type Detector } from '#app/detections/counting'
import type { DetectionEvent } from '#app/detections/detection'
import { IndicatorMatch, NewExposure, type FlowIndicator } from '#app/detections/exposure'
import { Flood } from '#app/detections/flood'
import { PrefixSet } from '#app/detections/prefixes'
import { rulesProblems, rulesWith, type DetectionKind, type RulesOverride } from '#app/detections/rules'

export interface DetectionSetup {
  rules?: RulesOverride
  /** The agencies' address prefixes: inside is internal, outside is the Internet. */
  internalPrefixes?: string[]
  indicators?: FlowIndicator[]
}

export interface DetectorStats {
  entries: number
  evicted: number
  expired: number
  suppressed: number
}

/**
 * All detection rules over one flow stream, as it arrives. The clock is the stream's own: the
 * latest flow end seen (a flow from the past does not move it back), so a replayed capture and
 * a live collector detect alike. State is swept once a minute of that clock; each detector's
 * table is capped; a detection already announced for the same kind, source and target within
 * `dedupSeconds` is held back.
 */
export class DetectionEngine {
  readonly rules
  readonly detectors: Detector[]
  readonly #indicators: IndicatorMatch
  readonly #ignored: PrefixSet
  readonly #announced: BoundedTable<number>
  #now = Number.NEGATIVE_INFINITY
  #sweptAt = Number.NEGATIVE_INFINITY
  flows = 0
  /** Flows with a time that is not a time: skipped, counted. */
  unreadable = 0
  /** Detections held back because the same one was announced within the dedup period. */
  duplicates = 0

  constructor(setup: DetectionSetup = {}) {
    this.rules = rulesWith(setup.rules)
    const problems = rulesProblems(this.rules)
    if (problems.length > 0) throw new Error(`detection rules: ${problems.join('; ')}`)
    const internal = new PrefixSet(setup.internalPrefixes ?? [])
    if (internal.rejected.length > 0) throw new Error(`not an address or prefix: ${internal.rejected.join(', ')}`)
    this.#ignored = new PrefixSet(this.rules.ignoreSources)
    this.#indicators = new IndicatorMatch(this.rules, setup.indicators ?? [])
    this.#announced = new BoundedTable(this.rules.maxEntries)
    const all: [DetectionKind, Detector][] = [
      ['port_scan', new PortScan(this.rules)],
      ['host_sweep', new HostSweep(this.rules)],
      ['flood', new Flood(this.rules, internal)],
      ['brute_force', new BruteForce(this.rules)],
      ['indicator', this.#indicators],
      ['new_exposure', new NewExposure(this.rules, internal)],
      ['beaconing', new Beaconing(this.rules, internal)],
    ]
    const enabled: Record<DetectionKind, boolean> = {
      port_scan: this.rules.portScan.enabled,
      host_sweep: this.rules.hostSweep.enabled,
      flood: this.rules.flood.enabled,
      brute_force: this.rules.bruteForce.enabled,
      indicator: this.rules.indicator.enabled,
      new_exposure: this.rules.newExposure.enabled,
      beaconing: this.rules.beaconing.enabled,
    }
    this.detectors = all.filter(([kind]) => enabled[kind]).map(([, d]) => d)
  }

  /** Indicators now in force; those that are no address or prefix are returned, not matched. */
  setIndicators(indicators: FlowIndicator[]) {
    this.#indicators.replace(indicators)
    return this.#indicators.rejected
  }

  observe(flow: FlowRecord): DetectionEvent[] {
    const last = flow.last.getTime()
    if (!Number.isFinite(last) || !Number.isFinite(flow.first.getTime())) {
      this.unreadable++
      return []
    }
    this.flows++
    if (last > this.#now) this.#now = last
    const now = this.#now
    if (now - this.#sweptAt >= 60_000) this.#sweep(now)
    const ignored = this.#ignored.size > 0 && this.#ignored.has(flow.srcAddr)
    const out: DetectionEvent[] = []
    for (const detector of this.detectors) {
      // An ignored source is still checked against indicators: an indicator outranks the allow-list.
      if (ignored && detector !== this.#indicators) continue
      const event = detector.observe(flow, now)
      if (!event) continue
      const before = this.#announced.get(event.key)
      if (before !== undefined && event.lastSeen.getTime() - before < this.rules.dedupSeconds * 1000) {
        this.duplicates++
        continue
      }
      this.#announced.delete(event.key)
      this.#announced.touch(event.key, now, () => event.lastSeen.getTime())
      out.push(event)
    }
    return out
  }

  observeAll(flows: Iterable<FlowRecord>): DetectionEvent[] {
    const out: DetectionEvent[] = []
    for (const flow of flows) for (const event of this.observe(flow)) out.push(event)
    return out
  }

  #sweep(now: number) {
    this.#sweptAt = now
    for (const detector of this.detectors) detector.expire(now)
    this.#announced.expire(now - this.rules.dedupSeconds * 1000, now)
  }

  /** What each detector holds and has dropped, for the collector's status and Prometheus. */
  stats(): Record<string, DetectorStats> {
    const out: Record<string, DetectorStats> = {}
    for (const d of this.detectors) {
      out[d.name] = { entries: d.table.size, evicted: d.table.evicted, expired: d.table.expired, suppressed: d.suppressed }
    }
    return out
  }
}
