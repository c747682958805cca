import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'
import { DEFAULT_MATRIX } from '#app/incidents/priority_matrix'
import { ensureStandardGroups } from '#app/incidents/standard_groups'

/**
 * The service desk's routing and triage (app/incidents): the priority matrix (impact × urgency,
 * one row per cell, edited by admins), assignment groups with their members, the rules that send
 * a new incident to a group, each incident's impact, urgency and group, and its attachments
 * (the files themselves are on the drive disk, config/drive.ts; rows name them by a random key).
 */
const LEVELS = ['high', 'medium', 'low']

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('priority_matrix', (t) => {
      t.increments('id')
      t.enum('impact', LEVELS).notNullable()
      t.enum('urgency', LEVELS).notNullable()
      t.enum('priority', ['P1', 'P2', 'P3', 'P4']).notNullable()
      t.timestamps(true, true)
      t.unique(['impact', 'urgency'])
    })
    this.defer(async (db) => {
      await db.table('priority_matrix').multiInsert(DEFAULT_MATRIX.map((c) => ({ impact: c.impact, urgency: c.urgency, priority: c.priority })))
    })

    this.schema.createTable('assignment_groups', (t) => {
      t.increments('id')
      t.string('code', 64).notNullable().unique()
      t.string('name', 200).notNullable()
      t.string('name_en', 200).nullable()
      t.enum('kind', ['noc', 'gisac', 'regional', 'agency_it']).notNullable()
      t.enum('region', ['north', 'central', 'south', 'east']).nullable()
      t.integer('agency_id').nullable().references('agencies.id').onDelete('CASCADE')
      t.timestamps(true, true)
      t.index(['agency_id'])
    })
    // A regional team names its region, an agency's IT team its agency; the others neither.
    this.schema.raw(`ALTER TABLE assignment_groups ADD CONSTRAINT assignment_groups_kind_fields CHECK (
      (kind = 'regional') = (region IS NOT NULL) AND (kind = 'agency_it') = (agency_id IS NOT NULL))`)

    this.schema.createTable('assignment_group_members', (t) => {
      t.integer('group_id').notNullable().references('assignment_groups.id').onDelete('CASCADE')
      t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      t.primary(['group_id', 'user_id'])
      t.index(['user_id'])
    })

    // Tried in order of position; the first that matches a new incident gives its group.
    this.schema.createTable('routing_rules', (t) => {
      t.increments('id')
      t.integer('position').notNullable()
      t.enum('type', ['service', 'security']).nullable()
      t.integer('agency_id').nullable().references('agencies.id').onDelete('CASCADE')
      t.integer('group_id').notNullable().references('assignment_groups.id').onDelete('CASCADE')
      t.timestamps(true, true)
      t.index(['position', 'id'])
    })

    this.defer(async (db) => {
      await ensureStandardGroups(db)
    })

    this.schema.alterTable('incidents', (t) => {
      t.enum('impact', LEVELS).nullable()
      t.enum('urgency', LEVELS).nullable()
      t.integer('group_id').nullable().references('assignment_groups.id').onDelete('SET NULL')
      t.index(['group_id', 'status', 'opened_at'])
    })

    this.schema.createTable('incident_attachments', (t) => {
      t.increments('id')
      t.integer('incident_id').notNullable().references('incidents.id').onDelete('CASCADE')
      t.string('file_name', 200).notNullable()
      t.string('content_type', 100).notNullable()
      t.bigInteger('size_bytes').notNullable()
      t.string('storage_key', 200).notNullable().unique()
      t.integer('uploaded_by_id').nullable().references('users.id').onDelete('SET NULL')
      t.timestamp('uploaded_at', { useTz: true }).notNullable()
      t.index(['incident_id', 'id'])
    })

    // The demo's reset empties agencies, users and incidents with TRUNCATE … CASCADE, which reaches these.
    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    this.defer(async (db) => {
      await db.rawQuery(`GRANT TRUNCATE ON assignment_groups, assignment_group_members, routing_rules, incident_attachments TO ${app}`)
    })
  }

  async down() {
    this.schema.dropTable('incident_attachments')
    this.schema.alterTable('incidents', (t) => {
      t.dropColumn('group_id')
      t.dropColumn('impact')
      t.dropColumn('urgency')
    })
    this.schema.dropTable('routing_rules')
    this.schema.dropTable('assignment_group_members')
    this.schema.dropTable('assignment_groups')
    this.schema.dropTable('priority_matrix')
  }
}
