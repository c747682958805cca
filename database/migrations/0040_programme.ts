import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * The CIO's programme review (issue 13): the plan as data, the figures agencies enter, the
 * month-end snapshots of every measure, and the CIO's comment on a month's report.
 *
 * Targets are versioned rather than overwritten: an edit supersedes the current row (it keeps
 * its values and gets `superseded_at`) and inserts the new one, so a review can say which plan a
 * past month was measured against. `agency_id` null is the national plan; a ministry's row is its
 * allocation.
 *
 * Snapshots are stored, not recomputed: a later correction of the inventory must not rewrite
 * what a past month's review said. `agency_id` null is the nation.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('programme_targets', (t) => {
      t.increments('id')
      t.string('measure', 40).notNullable()
      // No foreign keys (here and on entered_by): clearing the inventory and the accounts
      // (TRUNCATE agencies, users … CASCADE, the demo's fresh load) must not take the national
      // plan with it; ids are never reused.
      t.integer('agency_id').nullable()
      t.integer('year').notNullable()
      t.decimal('baseline', 14, 2).notNullable()
      t.decimal('target', 14, 2).notNullable()
      t.integer('entered_by').nullable()
      t.timestamp('entered_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.timestamp('superseded_at', { useTz: true }).nullable()
    })
    this.schema.raw(`ALTER TABLE programme_targets ADD CONSTRAINT programme_targets_year CHECK (year BETWEEN 1990 AND 2100)`)
    this.schema.raw(`CREATE UNIQUE INDEX programme_targets_current ON programme_targets (measure, coalesce(agency_id, 0), year) WHERE superseded_at IS NULL`)

    // What agencies report themselves, per year: certifications earned, and the spend baselines and
    // savings the plan counts (thousand NTD). One row per agency, year and figure; edits are audited.
    this.schema.createTable('programme_figures', (t) => {
      t.increments('id')
      t.integer('agency_id').notNullable().references('id').inTable('agencies').onDelete('CASCADE')
      t.integer('year').notNullable()
      t.string('figure', 40).notNullable()
      t.decimal('value', 14, 2).notNullable()
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.unique(['agency_id', 'year', 'figure'])
    })

    this.schema.createTable('programme_snapshots', (t) => {
      t.bigIncrements('id')
      t.string('month', 7).notNullable()
      t.integer('agency_id').nullable().references('id').inTable('agencies').onDelete('CASCADE')
      t.string('measure', 40).notNullable()
      t.decimal('actual', 14, 2).nullable()
      t.integer('total').nullable()
      t.string('source', 16).notNullable()
      t.timestamp('taken_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(`ALTER TABLE programme_snapshots ADD CONSTRAINT programme_snapshots_source CHECK (source IN ('month_end', 'audit_log'))`)
    this.schema.raw(`CREATE UNIQUE INDEX programme_snapshots_key ON programme_snapshots (month, coalesce(agency_id, 0), measure)`)

    this.schema.createTable('programme_comments', (t) => {
      t.increments('id')
      t.string('month', 7).notNullable()
      t.integer('agency_id').nullable().references('id').inTable('agencies').onDelete('CASCADE')
      t.text('body').notNullable()
      t.integer('written_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      t.timestamp('written_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(`CREATE UNIQUE INDEX programme_comments_key ON programme_comments (month, coalesce(agency_id, 0))`)

    // Consolidation projects: a data centre's closure into a receiving one, or legacy lines cut
    // over to the uplink they fold into, with their plan, owner and blockers. Late is derived
    // (planned date passed, not done), never stored, so it cannot go stale.
    this.schema.createTable('consolidation_projects', (t) => {
      t.increments('id')
      t.string('code', 32).notNullable().unique()
      t.string('name', 200).notNullable()
      t.string('kind', 32).notNullable()
      t.integer('agency_id').notNullable().references('id').inTable('agencies').onDelete('RESTRICT')
      t.integer('source_data_centre_id').nullable().references('id').inTable('data_centres').onDelete('SET NULL')
      t.integer('receiving_data_centre_id').nullable().references('id').inTable('data_centres').onDelete('SET NULL')
      t.integer('uplink_id').nullable().references('id').inTable('links').onDelete('SET NULL')
      t.integer('lines_to_cut').nullable()
      t.text('systems').nullable()
      t.integer('wave').notNullable().defaultTo(1)
      t.string('status', 16).notNullable()
      t.string('owner', 200).nullable()
      t.text('blockers').nullable()
      t.date('planned_date').notNullable()
      t.date('actual_date').nullable()
      t.integer('change_id').nullable().references('id').inTable('changes').onDelete('SET NULL')
      t.timestamps(true, true)
      t.index(['agency_id'])
      t.index(['planned_date'])
    })
    this.schema.raw(`ALTER TABLE consolidation_projects ADD CONSTRAINT consolidation_projects_kind CHECK (kind IN ('data_centre_closure', 'line_cutover'))`)
    this.schema.raw(`ALTER TABLE consolidation_projects ADD CONSTRAINT consolidation_projects_status CHECK (status IN ('planned', 'in_progress', 'blocked', 'done', 'cancelled'))`)
    this.schema.raw(`CREATE INDEX consolidation_projects_search ON consolidation_projects USING gin ((name || ' ' || code) gin_trgm_ops)`)

    // The programme's table (Flagship 1, 2008–2011), spread evenly over the plan's four years:
    // the plan states only the end point. An admin revises any year; the demo moves the years.
    const plan: Array<[string, number, number[]]> = [
      ['data_centres', 280, [230, 180, 130, 80]],
      ['information_systems', 4500, [3544, 2588, 1631, 675]],
      ['agency_lines', 17485, [13124, 8763, 4401, 40]],
      ['it_certifications', 0, [1000, 2000, 3000, 4000]],
      ['maintenance_spend_saved', 0, [3.75, 7.5, 11.25, 15]],
      ['build_spend_saved', 0, [2.5, 5, 7.5, 10]],
    ]
    const values = plan.flatMap(([measure, baseline, targets]) => targets.map((target, i) => `('${measure}', ${2008 + i}, ${baseline}, ${target})`))
    this.schema.raw(`INSERT INTO programme_targets (measure, year, baseline, target) VALUES ${values.join(', ')}`)

    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    this.defer(async (db) => {
      await db.rawQuery(`GRANT TRUNCATE ON programme_targets, programme_figures, programme_snapshots, programme_comments, consolidation_projects TO ${app}`)
    })
  }

  async down() {
    for (const table of ['consolidation_projects', 'programme_comments', 'programme_snapshots', 'programme_figures', 'programme_targets']) this.schema.dropTableIfExists(table)
  }
}
