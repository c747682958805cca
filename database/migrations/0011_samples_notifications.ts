import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Link samples and their rollups are range-partitioned on time (raw by day, rollups by month) so
 * that retention drops whole partitions instead of deleting billions of rows one by one. The
 * partitions themselves are created at run time (app/samples/partitions.ts), ahead of the data.
 *
 * Columns are ordered widest first so PostgreSQL adds no alignment padding, and rollups hold
 * `real` (4 bytes, 7 significant digits: ±64 bit/s at 1 Gbit/s), which is plenty for charts and
 * percentiles and halves the largest table (5-minute rows kept 13 months).
 */
const ROLLUP_COLUMNS = `
  bucket timestamptz NOT NULL,
  link_id integer NOT NULL,
  samples integer NOT NULL,
  in_avg real, in_max real, in_p95 real,
  out_avg real, out_max real, out_p95 real,
  peak_avg real, peak_max real, peak_p95 real,
  in_util_avg real, in_util_max real, out_util_avg real, out_util_max real,
  in_errors_ps real, out_errors_ps real, in_discards_ps real, out_discards_ps real,
  down_samples integer NOT NULL DEFAULT 0`

export default class extends BaseSchema {
  async up() {
    // No foreign key to links: a decommissioned line keeps its history until retention ends,
    // and a key check on every one of 17,485 rows a minute buys nothing the writer does not check.
    this.schema.raw(`
      CREATE TABLE link_samples (
        at timestamptz NOT NULL,
        in_bps double precision,
        out_bps double precision,
        link_id integer NOT NULL,
        in_util real,
        out_util real,
        in_errors_ps real,
        out_errors_ps real,
        in_discards_ps real,
        out_discards_ps real,
        oper_status smallint NOT NULL,
        PRIMARY KEY (link_id, at)
      ) PARTITION BY RANGE (at)`)
    // Rollups read every link's rows of one time window; samples arrive in time order, so a
    // BRIN index (a few pages per day) serves that instead of a second B-tree as large as the data.
    this.schema.raw('CREATE INDEX link_samples_at ON link_samples USING brin (at)')

    for (const resolution of ['5m', '1h', '1d']) {
      const table = `link_samples_${resolution}`
      this.schema.raw(`CREATE TABLE ${table} (${ROLLUP_COLUMNS}, PRIMARY KEY (link_id, bucket)) PARTITION BY RANGE (bucket)`)
      this.schema.raw(`CREATE INDEX ${table}_bucket ON ${table} USING brin (bucket)`)
    }

    // How far each rollup is final, one row per resolution. Writers of samples pull the 5-minute
    // row back when they bring late samples; the rollup job holds that row locked while it reads
    // raw samples, so no sample slips in between (see app/samples/rollups.ts).
    this.schema.raw(`
      CREATE TABLE link_sample_rollups (
        resolution varchar(4) PRIMARY KEY,
        rolled_to timestamptz,
        ran_at timestamptz
      )`)
    this.schema.raw(`INSERT INTO link_sample_rollups (resolution) VALUES ('5m'), ('1h'), ('1d')`)

    this.schema.createTable('notification_channels', (t) => {
      t.increments('id')
      t.string('name', 100).notNullable().unique()
      t.enum('kind', ['email', 'webhook']).notNullable()
      // E-mail addresses (comma separated) or the webhook URL.
      t.string('target', 2000).notNullable()
      // Webhook signing secret, sealed with the app's encryption key; never serialised.
      t.text('secret').nullable()
      t.timestamp('secret_set_at', { useTz: true }).nullable()
      // Empty: every event type.
      t.jsonb('event_types').notNullable().defaultTo('[]')
      t.enum('min_priority', ['P1', 'P2', 'P3', 'P4']).notNullable().defaultTo('P4')
      // Only events of this agency's subtree; null: the whole GSN (national channels).
      t.integer('agency_id').nullable().references('agencies.id').onDelete('RESTRICT')
      t.boolean('enabled').notNullable().defaultTo(true)
      t.timestamps(true, true)
      t.index(['agency_id'])
    })

    this.schema.createTable('notification_deliveries', (t) => {
      t.bigIncrements('id')
      t.integer('channel_id').notNullable().references('notification_channels.id').onDelete('CASCADE')
      t.string('event_type', 40).notNullable()
      t.string('event_key', 200).notNullable()
      t.jsonb('event').notNullable()
      t.enum('status', ['queued', 'sent', 'failed']).notNullable().defaultTo('queued')
      t.integer('attempts').notNullable().defaultTo(0)
      t.integer('last_status').nullable()
      t.text('last_error').nullable()
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.timestamp('sent_at', { useTz: true }).nullable()
      // One delivery per event and channel, however often the event is announced.
      t.unique(['channel_id', 'event_key'])
      t.index(['status', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable('notification_deliveries')
    this.schema.dropTable('notification_channels')
    this.schema.raw('DROP TABLE link_sample_rollups')
    for (const table of ['link_samples_1d', 'link_samples_1h', 'link_samples_5m', 'link_samples']) {
      this.schema.raw(`DROP TABLE ${table}`)
    }
  }
}
