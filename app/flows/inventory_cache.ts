import db from '@adonisjs/lucid/services/db'
import { Enricher, type InventorySnapshot } from '#app/flows/enrichment'

/**
 * The storing worker's copy of what enrichment reads (devices, links, agency prefixes). A cheap
 * fingerprint (row counts and latest change of the three tables) is compared every few seconds
 * and the snapshot reloaded when it moved, so a new prefix places flows within seconds without
 * a query per batch. A deleted row changes the count, an edited one its updated_at.
 */
export class InventoryCache {
  #enricher: Enricher | null = null
  #fingerprint = ''
  #checkedAt = 0
  readonly #checkMs: number

  constructor(checkMs: number) {
    this.#checkMs = checkMs
  }

  async enricher(now = Date.now()): Promise<Enricher> {
    if (this.#enricher && now - this.#checkedAt < this.#checkMs) return this.#enricher
    const fingerprint = await this.#currentFingerprint()
    this.#checkedAt = now
    if (!this.#enricher || fingerprint !== this.#fingerprint) {
      this.#enricher = new Enricher(await loadSnapshot())
      this.#fingerprint = fingerprint
    }
    return this.#enricher
  }

  /** Forget the snapshot: the next batch reads the tables again. */
  invalidate() {
    this.#checkedAt = 0
    this.#fingerprint = ''
  }

  async #currentFingerprint() {
    const { rows } = await db.rawQuery(
      `SELECT (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM devices) AS d,
              (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM links) AS l,
              (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM agency_prefixes) AS p`
    )
    return `${rows[0].d}|${rows[0].l}|${rows[0].p}`
  }
}

export async function loadSnapshot(): Promise<InventorySnapshot> {
  const [devices, links, prefixes] = await Promise.all([
    db.from('devices').select('id', 'management_address'),
    db.from('links').whereNotNull('device_id').whereNotNull('if_index').select('id', 'device_id', 'if_index'),
    db.from('agency_prefixes').select('agency_id', db.raw('prefix::text AS prefix')),
  ])
  return {
    devices: devices.map((d) => ({ id: Number(d.id), managementAddress: String(d.management_address) })),
    links: links.map((l) => ({ id: Number(l.id), deviceId: Number(l.device_id), ifIndex: Number(l.if_index) })),
    prefixes: prefixes.map((p) => ({ agencyId: Number(p.agency_id), prefix: String(p.prefix) })),
  }
}
