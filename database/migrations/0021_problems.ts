import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * Problems (app/problems): the cause behind one or more incidents, with its root cause,
 * workaround and resolution as people typed them, and a timeline like an incident's. An incident
 * names the problem it belongs to (incidents.problem_id), written only through the incident
 * service. A null agency is a national problem (a backbone fault), which only national accounts
 * see, as the scope does for every national record.
 *
 * `known_errors` is the service desk's view of the problems whose root cause and workaround are
 * recorded; its search expression is the problems' own, so the trigram index serves both.
 */
const PROBLEM_SEARCH =
  "title || ' ' || number || ' ' || coalesce(description, '') || ' ' || coalesce(root_cause, '') || ' ' || coalesce(workaround, '')"

export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE SEQUENCE problem_number_seq')
    this.schema.createTable('problems', (t) => {
      t.increments('id')
      t.string('number', 32).notNullable().unique()
      t.string('title', 300).notNullable()
      t.text('description').nullable()
      t.enum('priority', ['P1', 'P2', 'P3', 'P4']).notNullable()
      t.enum('status', ['new', 'investigating', 'known_error', 'resolved', 'closed', 'cancelled']).notNullable()
      t.integer('agency_id').nullable().references('agencies.id').onDelete('RESTRICT')
      t.integer('reported_by_id').nullable().references('users.id').onDelete('SET NULL')
      t.text('root_cause').nullable()
      t.text('workaround').nullable()
      t.text('resolution').nullable()
      t.timestamp('opened_at', { useTz: true }).notNullable()
      t.timestamp('known_error_at', { useTz: true }).nullable()
      t.timestamp('resolved_at', { useTz: true }).nullable()
      t.timestamp('closed_at', { useTz: true }).nullable()
      t.timestamps(true, true)
      t.index(['agency_id'])
      t.index(['opened_at', 'id'])
    })
    this.schema.raw(`ALTER TABLE problems ADD CONSTRAINT problems_known_error_recorded
      CHECK (status <> 'known_error' OR (root_cause IS NOT NULL AND workaround IS NOT NULL))`)
    this.schema.raw(`CREATE INDEX problems_search ON problems USING gin ((${PROBLEM_SEARCH}) gin_trgm_ops)`)

    this.schema.createTable('problem_timeline', (t) => {
      t.bigIncrements('id')
      t.integer('problem_id').notNullable().references('problems.id').onDelete('CASCADE')
      t.timestamp('at', { useTz: true }).notNullable()
      t.integer('actor_id').nullable().references('users.id').onDelete('SET NULL')
      t.string('actor_email', 254).nullable()
      t.string('kind', 32).notNullable()
      t.string('from_status', 16).nullable()
      t.string('to_status', 16).nullable()
      t.jsonb('message').nullable()
      t.text('body').nullable()
      t.index(['problem_id', 'at', 'id'])
    })

    this.schema.alterTable('incidents', (t) => {
      t.integer('problem_id').nullable().references('problems.id').onDelete('SET NULL')
      t.index(['problem_id'])
    })

    this.schema.raw(`CREATE VIEW known_errors AS
      SELECT id, number, title, description AS symptoms, root_cause, workaround, resolution, priority, status,
             agency_id, known_error_at, resolved_at, updated_at
      FROM problems
      WHERE root_cause IS NOT NULL AND workaround IS NOT NULL AND status <> 'cancelled'`)

    // The demo's reset empties agencies with TRUNCATE … CASCADE, which reaches problems.
    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    this.defer(async (db) => {
      await db.rawQuery(`GRANT TRUNCATE ON problems, problem_timeline TO ${app}`)
      await db.rawQuery(`GRANT SELECT ON known_errors TO ${app}`)
    })
  }

  async down() {
    this.schema.raw('DROP VIEW known_errors')
    this.schema.alterTable('incidents', (t) => {
      t.dropColumn('problem_id')
    })
    this.schema.dropTable('problem_timeline')
    this.schema.dropTable('problems')
    this.schema.raw('DROP SEQUENCE problem_number_seq')
  }
}
