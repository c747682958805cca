import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * What each carrier promised for each line it delivers (issue 12: contracted service levels per
 * link), so the month's delivered figures can be set against it in the carrier report.
 *
 * One contract per link (a circuit is leased from one carrier at a time); `contract_ref` is the
 * carrier's own reference for the circuit's order, unique, and the natural key of CSV imports.
 * `agency_id` is the link's agency, copied on every write (carrier_contract_resource.ts), so the
 * agency scope reads it like any inventory row. Availability and loss are percentages as the
 * contracts state them; latency is a round trip in milliseconds at a percentile (50, 95 or 99) of
 * the month's 5-minute medians.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('carrier_contracts', (t) => {
      t.increments('id')
      t.integer('link_id').notNullable().unique().references('links.id').onDelete('CASCADE')
      t.integer('agency_id').notNullable().references('agencies.id').onDelete('CASCADE')
      t.string('carrier', 100).notNullable()
      t.string('contract_ref', 64).notNullable().unique()
      t.decimal('availability_pct', 6, 3).notNullable()
      t.decimal('latency_ms', 8, 2).notNullable()
      t.smallint('latency_percentile').notNullable().defaultTo(95)
      t.decimal('loss_pct', 6, 3).notNullable()
      t.date('starts_on').nullable()
      t.date('ends_on').nullable()
      t.timestamps(true, true)
      t.index(['carrier'])
      t.index(['agency_id'])
    })
    this.schema.raw(`ALTER TABLE carrier_contracts ADD CONSTRAINT carrier_contracts_levels CHECK (
      availability_pct > 0 AND availability_pct <= 100 AND latency_ms > 0 AND loss_pct >= 0 AND loss_pct <= 100
      AND latency_percentile IN (50, 95, 99) AND (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on))`)
    this.schema.raw(`CREATE INDEX carrier_contracts_search ON carrier_contracts USING gin ((carrier || ' ' || contract_ref) gin_trgm_ops)`)
    // The demo's and the tests' inventory clearing truncates links and agencies with CASCADE,
    // which reaches this table: the app's role needs TRUNCATE on it as on the others.
    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    this.defer(async (db) => {
      await db.rawQuery(`GRANT TRUNCATE ON carrier_contracts TO ${app}`)
    })
  }

  async down() {
    this.schema.dropTable('carrier_contracts')
  }
}
