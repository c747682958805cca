import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * Indicators and sharing (app/indicators): sharing groups of agencies, indicators with their TLP
 * 2.0 marking and the group they were shared with, and sightings (where an indicator was seen:
 * a flow, a security event, an incident). Who may read an indicator is decided by one function
 * (app/indicators/visibility.ts) over the columns here, so the marking, the source agency and the
 * group are plain columns, never inside a JSON document.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('sharing_groups', (t) => {
      t.increments('id')
      t.string('name', 200).notNullable().unique()
      t.text('description').nullable()
      t.timestamps(true, true)
    })

    this.schema.createTable('sharing_group_members', (t) => {
      t.integer('sharing_group_id').notNullable().references('sharing_groups.id').onDelete('CASCADE')
      t.integer('agency_id').notNullable().references('agencies.id').onDelete('CASCADE')
      t.primary(['sharing_group_id', 'agency_id'])
      t.index(['agency_id'])
    })

    this.schema.createTable('indicators', (t) => {
      t.increments('id')
      t.string('type', 16).notNullable()
      t.text('value').notNullable()
      t.string('tlp', 16).notNullable()
      // Null: published by the G-ISAC itself (a national analyst), not by an agency.
      t.integer('source_agency_id').nullable().references('agencies.id').onDelete('RESTRICT')
      t.integer('sharing_group_id').nullable().references('sharing_groups.id').onDelete('RESTRICT')
      t.smallint('confidence').notNullable().defaultTo(50)
      t.text('description').nullable()
      t.timestamp('first_seen_at', { useTz: true }).nullable()
      t.timestamp('last_seen_at', { useTz: true }).nullable()
      t.timestamp('expires_at', { useTz: true }).nullable()
      // The STIX identifier, kept across exports and imports so a round trip updates, not duplicates.
      t.uuid('stix_id').notNullable()
      t.timestamps(true, true)
      t.index(['type', 'value'])
      t.index(['sharing_group_id'])
      t.index(['source_agency_id'])
      t.index(['updated_at', 'id'])
    })
    this.schema.raw(
      `ALTER TABLE indicators ADD CONSTRAINT indicators_type CHECK (type IN
       ('ipv4', 'ipv6', 'ipv4_prefix', 'ipv6_prefix', 'domain', 'url', 'md5', 'sha1', 'sha256', 'email'))`
    )
    this.schema.raw(`ALTER TABLE indicators ADD CONSTRAINT indicators_tlp CHECK (tlp IN ('clear', 'green', 'amber', 'amber_strict', 'red'))`)
    // One STIX id per publisher: two agencies importing the same public bundle each hold their copy.
    this.schema.raw('CREATE UNIQUE INDEX indicators_stix_id ON indicators (stix_id, source_agency_id) NULLS NOT DISTINCT')
    this.schema.raw('ALTER TABLE indicators ADD CONSTRAINT indicators_confidence CHECK (confidence BETWEEN 0 AND 100)')

    this.schema.createTable('indicator_sightings', (t) => {
      t.bigIncrements('id')
      t.integer('indicator_id').notNullable().references('indicators.id').onDelete('CASCADE')
      // The agency the sighting was made in (the flow's internal side), which scopes it.
      t.integer('agency_id').nullable().references('agencies.id').onDelete('SET NULL')
      t.string('source', 16).notNullable()
      t.bigInteger('security_event_id').nullable()
      t.integer('incident_id').nullable().references('incidents.id').onDelete('SET NULL')
      t.timestamp('flow_first_at', { useTz: true }).nullable()
      t.specificType('src_addr', 'inet').nullable()
      t.specificType('dst_addr', 'inet').nullable()
      t.integer('src_port').nullable()
      t.integer('dst_port').nullable()
      t.smallint('protocol').nullable()
      t.timestamp('seen_at', { useTz: true }).notNullable()
      t.integer('count').notNullable().defaultTo(1)
      t.timestamps(true, true)
      t.index(['indicator_id', 'seen_at'])
    })
    this.schema.raw(`ALTER TABLE indicator_sightings ADD CONSTRAINT indicator_sightings_source CHECK (source IN ('flow', 'retro_hunt', 'event', 'incident', 'report'))`)
    // A flow found twice (a retro-hunt run again) is one sighting.
    this.schema.raw(
      `CREATE UNIQUE INDEX indicator_sightings_flow ON indicator_sightings
       (indicator_id, flow_first_at, src_addr, dst_addr, src_port, dst_port, protocol) WHERE flow_first_at IS NOT NULL`
    )
    // The demo's and the tests' inventory clearing truncates agencies, users and incidents with
    // CASCADE, which reaches these tables: the app's role needs TRUNCATE on them as on the others.
    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    this.defer(async (db) => {
      await db.rawQuery(`GRANT TRUNCATE ON sharing_groups, sharing_group_members, indicators, indicator_sightings TO ${app}`)
    })
  }

  async down() {
    this.schema.dropTable('indicator_sightings')
    this.schema.dropTable('indicators')
    this.schema.dropTable('sharing_group_members')
    this.schema.dropTable('sharing_groups')
  }
}
