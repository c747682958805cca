import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('incidents', (t) => {
      t.increments('id')
      t.string('number', 32).notNullable().unique()
      t.string('title', 300).notNullable()
      t.text('description').nullable()
      t.enum('type', ['service', 'security']).notNullable()
      t.enum('priority', ['P1', 'P2', 'P3', 'P4']).notNullable()
      t.enum('status', ['new', 'assigned', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled']).notNullable()
      t.integer('agency_id').notNullable().references('agencies.id').onDelete('RESTRICT')
      t.integer('reported_by_id').nullable().references('users.id').onDelete('SET NULL')
      t.integer('assignee_id').nullable().references('users.id').onDelete('SET NULL')
      t.text('resolution').nullable()
      t.timestamp('opened_at', { useTz: true }).notNullable()
      t.timestamp('acknowledged_at', { useTz: true }).nullable()
      t.timestamp('resolved_at', { useTz: true }).nullable()
      t.timestamp('closed_at', { useTz: true }).nullable()
      t.timestamps(true, true)
      t.index(['agency_id'])
      t.index(['status', 'priority'])
    })
    this.schema.raw("CREATE SEQUENCE incident_number_seq")
    this.schema.raw("CREATE INDEX incidents_search ON incidents USING gin ((title || ' ' || number) gin_trgm_ops)")

    // Configuration items an incident touches, of any inventory kind.
    this.schema.createTable('incident_items', (t) => {
      t.integer('incident_id').notNullable().references('incidents.id').onDelete('CASCADE')
      t.enum('item_type', ['link', 'device', 'information_system', 'data_centre']).notNullable()
      t.integer('item_id').notNullable()
      t.primary(['incident_id', 'item_type', 'item_id'])
      t.index(['item_type', 'item_id'])
    })

    this.schema.createTable('audit_log', (t) => {
      t.bigIncrements('id')
      t.timestamp('at', { useTz: true }).notNullable()
      t.integer('actor_id').nullable()
      t.string('actor_email', 254).nullable()
      t.enum('action', ['create', 'update', 'delete']).notNullable()
      t.string('entity', 64).notNullable()
      t.string('entity_id', 64).notNullable()
      t.jsonb('before').nullable()
      t.jsonb('after').nullable()
      t.string('prev_hash', 64).notNullable()
      t.string('hash', 64).notNullable()
      t.index(['entity', 'entity_id'])
      t.index(['at'])
    })
    // Append-only: the database itself refuses to change or remove what was written.
    this.schema.raw(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$ LANGUAGE plpgsql`)
    this.schema.raw(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`)
    this.schema.raw(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`)

    this.schema.createTable('import_jobs', (t) => {
      t.increments('id')
      t.string('resource', 32).notNullable()
      t.string('filename', 255).nullable()
      t.enum('status', ['running', 'done', 'failed']).notNullable()
      t.bigInteger('bytes_total').notNullable().defaultTo(0)
      t.bigInteger('bytes_read').notNullable().defaultTo(0)
      t.integer('rows_read').notNullable().defaultTo(0)
      t.integer('inserted').notNullable().defaultTo(0)
      t.integer('updated').notNullable().defaultTo(0)
      t.integer('rejected').notNullable().defaultTo(0)
      t.jsonb('errors').notNullable().defaultTo('[]')
      t.text('message').nullable()
      t.integer('created_by_id').nullable().references('users.id').onDelete('SET NULL')
      t.timestamps(true, true)
    })
  }

  async down() {
    this.schema.dropTable('import_jobs')
    this.schema.raw('DROP TABLE audit_log')
    this.schema.raw('DROP FUNCTION audit_log_append_only')
    this.schema.dropTable('incident_items')
    this.schema.dropTable('incidents')
    this.schema.raw('DROP SEQUENCE incident_number_seq')
  }
}
