import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * Every incident gets one timeline: each move, assignment, note and work log, priority change and
 * SLA warning, with who and when. Entries the system writes carry a message key and its
 * parameters, worded in the reader's language when shown; what a person writes is kept as typed.
 * The notes monitoring wrote before are carried over as notes.
 *
 * `texts` holds the title, description and resolution the system wrote (monitoring's incidents)
 * as messages, so each reader sees them in their language; a person's edit of one of them
 * replaces the message with what they typed.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('incident_timeline', (t) => {
      t.bigIncrements('id')
      t.integer('incident_id').notNullable().references('incidents.id').onDelete('CASCADE')
      t.timestamp('at', { useTz: true }).notNullable()
      t.integer('actor_id').nullable().references('users.id').onDelete('SET NULL')
      t.string('actor_email', 254).nullable()
      t.string('kind', 32).notNullable()
      t.string('from_status', 16).nullable()
      t.string('to_status', 16).nullable()
      t.jsonb('message').nullable()
      t.text('body').nullable()
      t.integer('minutes_spent').nullable()
      t.index(['incident_id', 'at', 'id'])
    })
    this.schema.alterTable('incidents', (t) => {
      t.jsonb('texts').nullable()
      t.integer('parent_id').nullable().references('incidents.id').onDelete('SET NULL')
      t.index(['parent_id'])
      t.index(['assignee_id', 'status'])
    })
    this.defer(async (db) => {
      await db.rawQuery(`
        INSERT INTO incident_timeline (incident_id, at, actor_id, actor_email, kind, body)
        SELECT incident_id, at, author_id, author_email, 'note', body FROM incident_notes ORDER BY id`)
    })
    this.schema.dropTable('incident_notes')
    // The demo's reset empties incidents with TRUNCATE … CASCADE, which reaches their timeline.
    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    this.defer(async (db) => {
      await db.rawQuery(`GRANT TRUNCATE ON incident_timeline TO ${app}`)
    })
  }

  async down() {
    this.schema.createTable('incident_notes', (t) => {
      t.bigIncrements('id')
      t.integer('incident_id').notNullable().references('incidents.id').onDelete('CASCADE')
      t.timestamp('at', { useTz: true }).notNullable()
      t.integer('author_id').nullable().references('users.id').onDelete('SET NULL')
      t.string('author_email', 254).nullable()
      t.text('body').notNullable()
      t.index(['incident_id', 'at'])
    })
    this.schema.alterTable('incidents', (t) => {
      t.dropColumn('texts')
      t.dropColumn('parent_id')
    })
    this.schema.dropTable('incident_timeline')
  }
}
