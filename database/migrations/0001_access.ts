import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm')

    this.schema.createTable('agencies', (t) => {
      t.increments('id')
      t.string('code', 32).notNullable().unique()
      t.string('name', 200).notNullable()
      t.string('name_en', 200).nullable()
      t.smallint('level').notNullable()
      t.enum('kind', ['central', 'municipality', 'county']).notNullable().defaultTo('central')
      t.enum('region', ['north', 'central', 'south', 'east']).notNullable()
      t.integer('parent_id').nullable().references('agencies.id').onDelete('RESTRICT')
      t.integer('hub_agency_id').nullable().references('agencies.id').onDelete('SET NULL')
      // Materialised ancestry ("/1/7/42/") so an agency's subtree is one indexed prefix match.
      t.string('path', 400).notNullable().defaultTo('/')
      t.timestamps(true, true)
      t.index(['path'], undefined, { indexType: 'btree' })
      t.index(['parent_id'])
    })
    this.schema.raw('CREATE INDEX agencies_path_prefix ON agencies (path text_pattern_ops)')

    this.schema.createTable('users', (t) => {
      t.increments('id')
      t.string('email', 254).notNullable().unique()
      t.string('full_name', 200).nullable()
      t.string('password').notNullable()
      t.enum('role', ['admin', 'noc', 'analyst', 'cio', 'agency_liaison', 'auditor']).notNullable()
      t.integer('agency_id').nullable().references('agencies.id').onDelete('RESTRICT')
      t.string('locale', 8).notNullable().defaultTo('zh-TW')
      t.boolean('active').notNullable().defaultTo(true)
      t.timestamp('last_login_at', { useTz: true }).nullable()
      t.timestamps(true, true)
    })

    this.schema.createTable('auth_access_tokens', (t) => {
      t.increments('id')
      t.integer('tokenable_id').notNullable().references('users.id').onDelete('CASCADE')
      t.string('type').notNullable()
      t.string('name').nullable()
      t.string('hash').notNullable()
      t.text('abilities').notNullable()
      t.timestamp('created_at', { useTz: true })
      t.timestamp('updated_at', { useTz: true })
      t.timestamp('last_used_at', { useTz: true }).nullable()
      t.timestamp('expires_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.dropTable('auth_access_tokens')
    this.schema.dropTable('users')
    this.schema.dropTable('agencies')
  }
}
