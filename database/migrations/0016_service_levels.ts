import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Service levels (app/service_levels): the SLA policy of each incident type and priority, the
 * office calendar's exceptions to Monday–Friday (holidays and Taiwan's make-up working
 * Saturdays), and the office hours, one row. The application's role reads and writes these
 * through the default privileges the owner granted it (0014_app_role.ts).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('sla_policies', (t) => {
      t.increments('id')
      t.enum('type', ['service', 'security']).notNullable()
      t.enum('priority', ['P1', 'P2', 'P3', 'P4']).notNullable()
      t.integer('respond_minutes').notNullable()
      t.integer('resolve_minutes').notNullable()
      t.enum('calendar', ['24x7', 'business']).notNullable()
      t.timestamps(true, true)
      t.unique(['type', 'priority'])
    })
    this.schema.raw(`ALTER TABLE sla_policies ADD CONSTRAINT sla_policies_positive
      CHECK (respond_minutes > 0 AND resolve_minutes > 0)`)

    // Names are what an admin types, in both languages, not message keys.
    this.schema.createTable('calendar_days', (t) => {
      t.increments('id')
      t.date('date').notNullable().unique()
      t.enum('kind', ['holiday', 'working_day']).notNullable()
      t.string('name_en', 200).notNullable()
      t.string('name_zh', 200).notNullable()
      t.timestamps(true, true)
    })

    // Local Taipei times; a single row (id 1), so there is never a question of which applies.
    this.schema.createTable('business_hours', (t) => {
      t.smallint('id').primary().defaultTo(1)
      t.specificType('weekdays', 'smallint[]').notNullable().defaultTo('{1,2,3,4,5}')
      t.time('opens_at').notNullable().defaultTo('08:30')
      t.time('closes_at').notNullable().defaultTo('17:30')
      t.timestamps(true, true)
    })
    this.schema.raw(`ALTER TABLE business_hours
      ADD CONSTRAINT business_hours_one_row CHECK (id = 1),
      ADD CONSTRAINT business_hours_open_before_close CHECK (opens_at < closes_at),
      ADD CONSTRAINT business_hours_weekdays CHECK (cardinality(weekdays) > 0 AND weekdays <@ '{1,2,3,4,5,6,7}'::smallint[])`)
    this.schema.raw('INSERT INTO business_hours (id) VALUES (1)')
  }

  async down() {
    this.schema.dropTable('business_hours')
    this.schema.dropTable('calendar_days')
    this.schema.dropTable('sla_policies')
  }
}
