import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { FlowRecord } from '#collectors/flow/flow_record'
import type { QueueSite } from '#collectors/polling/wire'
import securityEventsConfig from '#config/security_events'
import { DetectionEngine } from '#app/detections/engine'
import { overrideOf } from '#app/detections/rule_settings'
import { storedRuleRows } from '#app/detections/detection_rule_resource'
import { fromDetection } from '#app/security/security_event'
import { SecurityEventSender } from '#app/security/security_jobs'
import { flowIndicators } from '#app/indicators/indicator_service'

/** How long a published or expired indicator may take to reach the running rules. */
export const INDICATOR_REFRESH_MS = 30_000
/** How long an admin's change of a rule (table detection_rules) may take to reach the running rules. */
export const RULES_REFRESH_MS = 30_000

/**
 * The detection rules run by flows:work on the flows it has just stored: one engine per worker
 * process, fed every batch that process stores (a batch delivered again after its flows were
 * stored is not fed twice), its detections queued for security:work. The agencies' prefixes
 * tell the rules what is internal; they are read when the engine starts, and again (with a
 * fresh engine) when the prefix table changes. The rules' settings (detection_rules, as an admin
 * tuned them) are read every RULES_REFRESH_MS; a change starts a fresh engine too, so the rules'
 * windows and baselines are learnt again from then on (a threshold is read by each detector once).
 * The indicators in force (app/indicators: what G-ISAC may distribute, never an agency's RED) are
 * read with the engine and again every INDICATOR_REFRESH_MS, without losing the rules' state.
 */
export class FlowDetections {
  #engine: DetectionEngine | null = null
  #prefixes: string[] = []
  #fingerprint = ''
  #rules = ''
  #rulesAt = Number.NEGATIVE_INFINITY
  #indicatorsAt = 0
  readonly #sender: SecurityEventSender
  readonly #rulesRefreshMs: number
  detections = 0
  /** Engines started because the prefixes or the rules changed (the first included). */
  engines = 0

  constructor(site: QueueSite, options: { rulesRefreshMs?: number } = {}) {
    this.#sender = new SecurityEventSender(site)
    this.#rulesRefreshMs = options.rulesRefreshMs ?? RULES_REFRESH_MS
  }

  async #current(prefixesMoved: boolean, now: number) {
    let changed = !this.#engine
    if (prefixesMoved || !this.#engine) {
      const rows = await db.from('agency_prefixes').orderBy('prefix').select(db.raw('prefix::text AS prefix'))
      this.#prefixes = rows.map((r) => String(r.prefix))
      const fingerprint = this.#prefixes.join(',')
      if (fingerprint !== this.#fingerprint) changed = true
      this.#fingerprint = fingerprint
    }
    if (changed || now - this.#rulesAt >= this.#rulesRefreshMs) {
      this.#rulesAt = now
      const rules = JSON.stringify(overrideOf(await storedRuleRows()))
      if (rules !== this.#rules) changed = true
      this.#rules = rules
    }
    if (!changed) return this.#engine!
    const setup = { internalPrefixes: this.#prefixes, rules: { ...JSON.parse(this.#rules), evidenceFlows: securityEventsConfig.evidenceFlows } }
    try {
      this.#engine = new DetectionEngine(setup)
    } catch (error) {
      // Stored settings are checked when written; should a row still be unusable, the defaults run.
      logger.error({ err: error }, 'detection rules unusable; running the defaults')
      this.#engine = new DetectionEngine({ internalPrefixes: this.#prefixes, rules: { evidenceFlows: securityEventsConfig.evidenceFlows } })
    }
    this.engines++
    this.#indicatorsAt = Number.NEGATIVE_INFINITY
    return this.#engine
  }

  async #refreshIndicators(engine: DetectionEngine, now: number) {
    if (now - this.#indicatorsAt < INDICATOR_REFRESH_MS) return
    engine.setIndicators(await flowIndicators(new Date(now)))
    this.#indicatorsAt = now
  }

  /** The engine now running (null before the first batch). */
  get engine() {
    return this.#engine
  }

  /** Runs the rules over a stored batch (flows placed by enrichment) and queues what they detect. */
  async observe(flows: FlowRecord[], prefixesMoved: boolean) {
    const now = Date.now()
    const engine = await this.#current(prefixesMoved, now)
    await this.#refreshIndicators(engine, now)
    const found = engine.observeAll(flows)
    this.detections += found.length
    await this.#sender.send(found.map(fromDetection))
    return found.length
  }

  close() {
    return this.#sender.close()
  }
}
