import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * Change management: requests for change with their configuration items, the boards that
 * approve them (members and a quorum), each member's vote, a timeline per change, freeze periods
 * and the templates standard changes are raised from. A scheduled change opens a maintenance
 * window (window_id), which is how its items' alarms are silenced.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('change_boards', (t) => {
      t.increments('id')
      t.string('name', 200).notNullable()
      t.enum('change_type', ['normal', 'emergency']).notNullable()
      // Null: the national board for its type, used where an agency has none of its own.
      t.integer('agency_id').nullable().references('agencies.id').onDelete('CASCADE')
      t.integer('quorum').notNullable()
      t.timestamps(true, true)
      t.index(['agency_id'])
    })
    this.schema.raw('ALTER TABLE change_boards ADD CONSTRAINT change_boards_quorum_positive CHECK (quorum >= 1)')
    this.schema.createTable('change_board_members', (t) => {
      t.integer('board_id').notNullable().references('change_boards.id').onDelete('CASCADE')
      t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      t.primary(['board_id', 'user_id'])
      t.index(['user_id'])
    })

    this.schema.createTable('change_templates', (t) => {
      t.increments('id')
      t.string('name', 200).notNullable()
      t.text('description').notNullable()
      t.enum('risk', ['low', 'medium', 'high']).notNullable()
      t.text('back_out_plan').notNullable()
      t.boolean('active').notNullable().defaultTo(true)
      t.timestamps(true, true)
    })

    this.schema.createTable('freeze_periods', (t) => {
      t.increments('id')
      t.string('name', 200).notNullable()
      t.timestamp('starts_at', { useTz: true }).notNullable()
      t.timestamp('ends_at', { useTz: true }).notNullable()
      t.text('reason').notNullable()
      // Null: the whole programme freezes; otherwise the agency and those below it.
      t.integer('agency_id').nullable().references('agencies.id').onDelete('CASCADE')
      t.timestamps(true, true)
      t.index(['starts_at', 'ends_at'])
    })
    this.schema.raw('ALTER TABLE freeze_periods ADD CONSTRAINT freeze_periods_ends_after_start CHECK (ends_at > starts_at)')

    this.schema.raw('CREATE SEQUENCE change_number_seq')
    this.schema.createTable('changes', (t) => {
      t.increments('id')
      t.string('number', 20).notNullable().unique()
      t.string('title', 300).notNullable()
      t.text('description').nullable()
      t.enum('type', ['standard', 'normal', 'emergency']).notNullable()
      t.string('status', 16).notNullable()
      t.enum('risk', ['low', 'medium', 'high']).notNullable()
      t.enum('impact', ['low', 'medium', 'high']).notNullable()
      t.text('assessment').nullable()
      t.text('back_out_plan').notNullable()
      t.integer('agency_id').notNullable().references('agencies.id').onDelete('RESTRICT')
      t.integer('template_id').nullable().references('change_templates.id').onDelete('SET NULL')
      t.integer('board_id').nullable().references('change_boards.id').onDelete('SET NULL')
      t.integer('requested_by_id').nullable().references('users.id').onDelete('SET NULL')
      t.timestamp('planned_start', { useTz: true }).notNullable()
      t.timestamp('planned_end', { useTz: true }).notNullable()
      t.integer('window_id').nullable().references('maintenance_windows.id').onDelete('SET NULL')
      t.timestamp('submitted_at', { useTz: true }).nullable()
      t.timestamp('decided_at', { useTz: true }).nullable()
      t.timestamp('implemented_at', { useTz: true }).nullable()
      t.timestamp('closed_at', { useTz: true }).nullable()
      t.timestamps(true, true)
      t.index(['agency_id'])
      t.index(['status'])
      t.index(['planned_start', 'planned_end'])
    })
    this.schema.raw('ALTER TABLE changes ADD CONSTRAINT changes_ends_after_start CHECK (planned_end > planned_start)')
    this.schema.raw(`CREATE INDEX changes_search ON changes USING gin ((title || ' ' || number) gin_trgm_ops)`)

    this.schema.createTable('change_items', (t) => {
      t.integer('change_id').notNullable().references('changes.id').onDelete('CASCADE')
      t.enum('item_type', ['link', 'device', 'information_system', 'data_centre']).notNullable()
      t.integer('item_id').notNullable()
      t.primary(['change_id', 'item_type', 'item_id'])
      t.index(['item_type', 'item_id'])
    })

    this.schema.createTable('change_votes', (t) => {
      t.bigIncrements('id')
      t.integer('change_id').notNullable().references('changes.id').onDelete('CASCADE')
      t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      t.enum('decision', ['approve', 'reject']).notNullable()
      t.text('comment').nullable()
      t.timestamp('at', { useTz: true }).notNullable()
      t.unique(['change_id', 'user_id'])
    })

    this.schema.createTable('change_timeline', (t) => {
      t.bigIncrements('id')
      t.integer('change_id').notNullable().references('changes.id').onDelete('CASCADE')
      t.timestamp('at', { useTz: true }).notNullable()
      t.integer('actor_id').nullable().references('users.id').onDelete('SET NULL')
      t.string('actor_email', 254).nullable()
      t.string('kind', 32).notNullable()
      t.string('from_status', 16).nullable()
      t.string('to_status', 16).nullable()
      t.jsonb('message').nullable()
      t.text('body').nullable()
      t.index(['change_id', 'at', 'id'])
    })

    // The demo's reset empties agencies and users with TRUNCATE … CASCADE, which reaches these.
    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    const tables = ['change_boards', 'change_board_members', 'change_templates', 'freeze_periods', 'changes', 'change_items', 'change_votes', 'change_timeline']
    this.defer(async (db) => {
      await db.rawQuery(`GRANT TRUNCATE ON ${tables.join(', ')} TO ${app}`)
    })
  }

  async down() {
    for (const t of ['change_timeline', 'change_votes', 'change_items', 'changes', 'freeze_periods', 'change_templates', 'change_board_members', 'change_boards']) {
      this.schema.dropTable(t)
    }
    this.schema.raw('DROP SEQUENCE IF EXISTS change_number_seq')
  }
}
