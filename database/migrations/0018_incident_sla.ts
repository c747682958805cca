import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The SLA clock of each incident as it stood at its last change, kept on the row so queues sort
 * by the nearest breach and lists filter the breached ones in SQL (app/service_levels/incident_sla.ts
 * writes them in the same transaction as the change; the API's `sla` is worked out afresh). A
 * paused or stopped incident has no next breach: sla_due_at is null and sorts last.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('incidents', (t) => {
      t.timestamp('respond_due_at', { useTz: true }).nullable()
      t.timestamp('resolve_due_at', { useTz: true }).nullable()
      t.timestamp('sla_due_at', { useTz: true }).nullable()
      t.boolean('sla_paused').notNullable().defaultTo(false)
      t.boolean('sla_breached').notNullable().defaultTo(false)
    })
    this.schema.raw('CREATE INDEX incidents_sla_due_page ON incidents (sla_due_at, id)')
    // Warnings and breaches are looked up per incident (given once per clock) and counted for /metrics.
    this.schema.raw(`CREATE INDEX incident_timeline_sla ON incident_timeline (incident_id, kind)
      WHERE kind IN ('sla_warning', 'sla_breach')`)
  }

  async down() {
    this.schema.raw('DROP INDEX incident_timeline_sla')
    this.schema.raw('DROP INDEX incidents_sla_due_page')
    this.schema.alterTable('incidents', (t) => {
      t.dropColumn('respond_due_at')
      t.dropColumn('resolve_due_at')
      t.dropColumn('sla_due_at')
      t.dropColumn('sla_paused')
      t.dropColumn('sla_breached')
    })
  }
}
