import { BaseSchema } from '@adonisjs/lucid/schema'

const LINK_STATES = ['up', 'down', 'degraded', 'unknown']

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('maintenance_windows', (t) => {
      t.increments('id')
      t.string('title', 300).notNullable()
      t.timestamp('starts_at', { useTz: true }).notNullable()
      t.timestamp('ends_at', { useTz: true }).notNullable()
      t.text('reason').notNullable()
      // Approved ITIL changes will open windows themselves later; hand-entered ones have none.
      t.string('change_ref', 64).nullable()
      t.integer('created_by_id').nullable().references('users.id').onDelete('SET NULL')
      t.integer('agency_id').notNullable().references('agencies.id').onDelete('RESTRICT')
      t.timestamps(true, true)
      t.index(['starts_at', 'ends_at'])
      t.index(['agency_id'])
    })
    this.schema.raw('ALTER TABLE maintenance_windows ADD CONSTRAINT maintenance_windows_ends_after_start CHECK (ends_at > starts_at)')

    this.schema.createTable('maintenance_window_items', (t) => {
      t.integer('window_id').notNullable().references('maintenance_windows.id').onDelete('CASCADE')
      t.enum('item_type', ['link', 'device']).notNullable()
      t.integer('item_id').notNullable()
      t.primary(['window_id', 'item_type', 'item_id'])
      // The alarm path asks "which windows cover this link or device" on every poll.
      t.index(['item_type', 'item_id'])
    })

    this.schema.createTable('link_states', (t) => {
      t.integer('link_id').primary().references('links.id').onDelete('CASCADE')
      t.enum('state', LINK_STATES).notNullable().defaultTo('unknown')
      t.timestamp('since', { useTz: true }).nullable()
      t.timestamp('last_poll_at', { useTz: true }).nullable()
      // A port shut on purpose reads 'down' with this flag and raises no alarm.
      t.boolean('admin_down').notNullable().defaultTo(false)
      t.string('oper_status', 24).nullable()
      t.string('admin_status', 24).nullable()
      t.double('in_util').nullable()
      t.double('out_util').nullable()
      // Errors per second (ifInErrors + ifOutErrors), as the collectors' rates give them.
      t.double('error_rate').nullable()
      t.text('reason').nullable()
      t.boolean('flapping').notNullable().defaultTo(false)
      // Memory of the rules between polls: start of the current high-utilisation and
      // high-error runs, and the state changes still inside the flap window.
      t.timestamp('util_high_since', { useTz: true }).nullable()
      t.timestamp('error_high_since', { useTz: true }).nullable()
      t.jsonb('recent_changes').notNullable().defaultTo('[]')
      t.boolean('suppressed').notNullable().defaultTo(false)
      t.jsonb('suppressed_by').nullable()
      t.boolean('in_maintenance').notNullable().defaultTo(false)
      t.integer('maintenance_window_id').nullable().references('maintenance_windows.id').onDelete('SET NULL')
      // The incident of the current outage, kept until the link is up again even when a person
      // closes it, so that one outage never opens a second incident.
      t.integer('open_incident_id').nullable().references('incidents.id').onDelete('SET NULL')
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.index(['state'])
    })

    this.schema.createTable('link_state_changes', (t) => {
      t.bigIncrements('id')
      t.integer('link_id').notNullable().references('links.id').onDelete('CASCADE')
      t.timestamp('at', { useTz: true }).notNullable()
      t.enum('from_state', LINK_STATES).notNullable()
      t.enum('to_state', LINK_STATES).notNullable()
      t.boolean('admin_down').notNullable().defaultTo(false)
      t.text('reason').nullable()
      t.boolean('suppressed').notNullable().defaultTo(false)
      t.boolean('in_maintenance').notNullable().defaultTo(false)
      t.boolean('flapping').notNullable().defaultTo(false)
      t.index(['link_id', 'at'])
    })

    this.schema.createTable('device_status', (t) => {
      t.integer('device_id').primary().references('devices.id').onDelete('CASCADE')
      t.boolean('reachable').notNullable().defaultTo(true)
      t.timestamp('last_poll_at', { useTz: true }).nullable()
      t.timestamp('last_ok_at', { useTz: true }).nullable()
      t.text('last_error').nullable()
      t.timestamp('last_error_at', { useTz: true }).nullable()
      t.integer('consecutive_failures').notNullable().defaultTo(0)
      t.timestamp('failing_since', { useTz: true }).nullable()
      t.integer('polls_total').notNullable().defaultTo(0)
      t.integer('polls_late').notNullable().defaultTo(0)
      t.integer('polls_skipped').notNullable().defaultTo(0)
      t.integer('open_incident_id').nullable().references('incidents.id').onDelete('SET NULL')
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.index(['reachable'])
    })

    // Notes on an incident's timeline: what monitoring saw after it opened (recovery of a link
    // someone has taken, flapping), and later what people write.
    this.schema.createTable('incident_notes', (t) => {
      t.bigIncrements('id')
      t.integer('incident_id').notNullable().references('incidents.id').onDelete('CASCADE')
      t.timestamp('at', { useTz: true }).notNullable()
      t.integer('author_id').nullable().references('users.id').onDelete('SET NULL')
      t.string('author_email', 254).nullable()
      t.text('body').notNullable()
      t.index(['incident_id', 'at'])
    })
  }

  async down() {
    this.schema.dropTable('incident_notes')
    this.schema.dropTable('device_status')
    this.schema.dropTable('link_state_changes')
    this.schema.dropTable('link_states')
    this.schema.dropTable('maintenance_window_items')
    this.schema.dropTable('maintenance_windows')
  }
}
