import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An import whose process dies (server killed, crash) can no longer close its own job, so a job
 * whose heartbeat (updated_at) has stopped is closed by others as `interrupted`. What it kept is
 * written with every committed batch, in the batch's transaction: the counters (unchanged rows
 * too, so an unfinished job can say them), the last line settled, and how many rows above it
 * still wait for a row named further down the file.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_status_check`)
    this.schema.raw(
      `ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_status_check
         CHECK (status IN ('running', 'done', 'failed', 'interrupted'))`
    )
    this.schema.alterTable('import_jobs', (t) => {
      t.integer('unchanged').notNullable().defaultTo(0)
      t.integer('kept_through_line').notNullable().defaultTo(0)
      t.integer('deferred').notNullable().defaultTo(0)
    })
    // The sweep looks for running jobs with an old heartbeat; the running ones are few.
    this.schema.raw(`CREATE INDEX import_jobs_running_heartbeat ON import_jobs (updated_at) WHERE status = 'running'`)
  }

  async down() {
    this.schema.raw(`DROP INDEX import_jobs_running_heartbeat`)
    this.schema.alterTable('import_jobs', (t) => {
      t.dropColumn('unchanged')
      t.dropColumn('kept_through_line')
      t.dropColumn('deferred')
    })
    this.schema.raw(`UPDATE import_jobs SET status = 'failed' WHERE status = 'interrupted'`)
    this.schema.raw(`ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_status_check`)
    this.schema.raw(
      `ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_status_check CHECK (status IN ('running', 'done', 'failed'))`
    )
  }
}
