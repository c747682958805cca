import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Monitoring events written in the same transaction as the incident or state change they
 * announce, and removed once they are on the notifications queue: a monitoring worker killed
 * between its commit and the queue, or a Redis that does not answer then, delays the
 * notification instead of losing it (app/monitoring/events_outbox.ts relays what is left).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('monitoring_outbox', (t) => {
      t.bigIncrements('id')
      t.jsonb('event').notNullable()
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
  }

  async down() {
    this.schema.dropTable('monitoring_outbox')
  }
}
