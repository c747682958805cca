import db from '@adonisjs/lucid/services/db'
import type { FlowRecord } from '#collectors/flow/flow_record'
import type { QueueSite } from '#collectors/polling/wire'
import securityEventsConfig from '#config/security_events'
import { DetectionEngine } from '#app/detections/engine'
import { fromDetection } from '#app/security/security_event'
import { SecurityEventSender } from '#app/security/security_jobs'
import { flowIndicators } from '#app/indicators/indicator_service'

/** How long a published or expired indicator may take to reach the running rules. */
export const INDICATOR_REFRESH_MS = 30_000

/**
 * The detection rules run by flows:work on the flows it has just stored: one engine per worker
 * process, fed every batch that process stores (a batch delivered again after its flows were
 * stored is not fed twice), its detections queued for security:work. The agencies' prefixes
 * tell the rules what is internal; they are read when the engine starts, and again (with a
 * fresh engine) when the prefix table changes, so a rule's state is lost on such a change. The
 * indicators in force (app/indicators: what G-ISAC may distribute, never an agency's RED) are
 * read with the engine and again every INDICATOR_REFRESH_MS, without losing the rules' state.
 */
export class FlowDetections {
  #engine: DetectionEngine | null = null
  #prefixes = ''
  #indicatorsAt = 0
  readonly #sender: SecurityEventSender
  detections = 0

  constructor(site: QueueSite) {
    this.#sender = new SecurityEventSender(site)
  }

  async #current() {
    const rows = await db.from('agency_prefixes').orderBy('prefix').select(db.raw('prefix::text AS prefix'))
    const prefixes = rows.map((r) => String(r.prefix))
    const fingerprint = prefixes.join(',')
    if (!this.#engine || fingerprint !== this.#prefixes) {
      this.#engine = new DetectionEngine({ internalPrefixes: prefixes, rules: { evidenceFlows: securityEventsConfig.evidenceFlows } })
      this.#prefixes = fingerprint
      this.#indicatorsAt = 0
    }
    return this.#engine
  }

  async #refreshIndicators(engine: DetectionEngine, now: number) {
    if (now - this.#indicatorsAt < INDICATOR_REFRESH_MS) return
    engine.setIndicators(await flowIndicators(new Date(now)))
    this.#indicatorsAt = now
  }

  /** Runs the rules over a stored batch (flows placed by enrichment) and queues what they detect. */
  async observe(flows: FlowRecord[], prefixesMoved: boolean) {
    if (prefixesMoved || !this.#engine) await this.#current()
    await this.#refreshIndicators(this.#engine!, Date.now())
    const found = this.#engine!.observeAll(flows)
    this.detections += found.length
    await this.#sender.send(found.map(fromDetection))
    return found.length
  }

  close() {
    return this.#sender.close()
  }
}
