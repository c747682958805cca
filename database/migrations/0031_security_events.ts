import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * Security events (app/security/): what the flow detections, the sensors (Suricata EVE, syslog)
 * and the agencies' liaisons report, each stored once (event_key is the producer's identity of
 * the event, so a queue job delivered again stores nothing twice) and tied to the security
 * incident it was grouped into.
 *
 * Not partitioned: events arrive already condensed (a detection is one row per attack pattern
 * per dedup period, a sensor alert one row per alert, not per packet or flow), thousands a day
 * rather than the flows' millions, and the unique event_key could not span partitions without
 * the partition key in it. The indexes serve what is asked: the newest first (last_seen), one
 * incident's evidence (incident_id), the grouping look-up (kind, source / target, last_seen), a
 * reader's agencies (GIN on agency_ids).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('security_events', (t) => {
      t.bigIncrements('id')
      t.string('event_key', 200).notNullable().unique()
      t.string('origin', 16).notNullable()
      t.string('kind', 200).notNullable()
      t.string('source', 100).nullable()
      t.string('target', 100).nullable()
      t.integer('port').nullable()
      t.string('protocol', 16).nullable()
      /** 1 is the most severe, as Suricata counts. */
      t.smallint('severity').notNullable()
      t.string('signature', 300).nullable()
      /** Alerts, or detections' flows: what the source counted. */
      t.integer('occurrences').notNullable().defaultTo(1)
      t.bigInteger('flows').notNullable().defaultTo(0)
      t.bigInteger('packets').notNullable().defaultTo(0)
      t.bigInteger('bytes').notNullable().defaultTo(0)
      t.timestamp('first_seen', { useTz: true }).notNullable()
      t.timestamp('last_seen', { useTz: true }).notNullable()
      t.jsonb('evidence').notNullable().defaultTo('[]')
      t.jsonb('raw').nullable()
      /** The summary as a message key and parameters; summary_text its English, for search and CSV. */
      t.jsonb('summary').notNullable()
      t.text('summary_text').notNullable()
      t.specificType('agency_ids', 'integer[]').notNullable().defaultTo('{}')
      t.specificType('link_ids', 'integer[]').notNullable().defaultTo('{}')
      t.specificType('device_ids', 'integer[]').notNullable().defaultTo('{}')
      t.specificType('system_ids', 'integer[]').notNullable().defaultTo('{}')
      t.integer('incident_id').nullable().references('incidents.id').onDelete('SET NULL')
      t.integer('reported_by_id').nullable().references('users.id').onDelete('SET NULL')
      t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.index(['last_seen'])
      t.index(['incident_id', 'last_seen'])
      t.index(['kind', 'source', 'last_seen'])
      t.index(['kind', 'target', 'last_seen'])
    })
    this.schema.raw(
      `ALTER TABLE security_events ADD CONSTRAINT security_events_origin CHECK (origin IN ('detection', 'eve', 'syslog', 'manual'))`
    )
    this.schema.raw('CREATE INDEX security_events_agency_ids ON security_events USING gin (agency_ids)')
    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    this.defer(async (db) => {
      await db.rawQuery(`GRANT TRUNCATE ON security_events TO ${app}`)
    })
  }

  async down() {
    this.schema.dropTable('security_events')
  }
}
