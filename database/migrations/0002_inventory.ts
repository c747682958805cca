import { BaseSchema } from '@adonisjs/lucid/schema'

const trigramIndex = (table: string, expression: string) =>
  `CREATE INDEX ${table}_search ON ${table} USING gin ((${expression}) gin_trgm_ops)`

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('data_centres', (t) => {
      t.increments('id')
      t.string('code', 32).notNullable().unique()
      t.string('name', 200).notNullable()
      t.integer('agency_id').notNullable().references('agencies.id').onDelete('RESTRICT')
      t.enum('region', ['north', 'central', 'south', 'east']).notNullable()
      t.enum('status', ['operating', 'consolidating', 'closed']).notNullable()
      t.integer('consolidated_into_id').nullable().references('data_centres.id').onDelete('SET NULL')
      t.date('closure_date').nullable()
      t.integer('racks').notNullable().defaultTo(0)
      t.integer('servers').notNullable().defaultTo(0)
      t.timestamps(true, true)
      t.index(['agency_id'])
      t.index(['status'])
    })

    this.schema.createTable('information_systems', (t) => {
      t.increments('id')
      t.string('code', 32).notNullable().unique()
      t.string('name', 200).notNullable()
      t.integer('agency_id').notNullable().references('agencies.id').onDelete('RESTRICT')
      t.integer('data_centre_id').nullable().references('data_centres.id').onDelete('SET NULL')
      t.enum('category', [
        'shared_personnel',
        'payroll',
        'state_property',
        'regulations_website',
        'document_management',
        'agency_specific',
      ]).notNullable()
      t.enum('status', ['active', 'migrating', 'merged', 'retired']).notNullable()
      t.integer('merged_into_id').nullable().references('information_systems.id').onDelete('SET NULL')
      t.date('retirement_date').nullable()
      t.timestamps(true, true)
      t.index(['agency_id'])
      t.index(['status'])
    })

    this.schema.createTable('devices', (t) => {
      t.increments('id')
      t.string('hostname', 128).notNullable().unique()
      t.enum('kind', ['router', 'switch', 'firewall']).notNullable()
      t.string('management_address', 64).notNullable()
      t.enum('region', ['north', 'central', 'south', 'east']).notNullable()
      t.integer('agency_id').notNullable().references('agencies.id').onDelete('RESTRICT')
      t.string('vendor', 64).nullable()
      t.string('model', 64).nullable()
      t.enum('snmp_version', ['2c', '3']).notNullable().defaultTo('2c')
      t.integer('snmp_port').notNullable().defaultTo(161)
      // AES-256-GCM sealed JSON (community, or v3 user and keys); never serialised.
      t.text('snmp_credentials').nullable()
      t.integer('poll_interval_s').notNullable().defaultTo(60)
      t.timestamps(true, true)
      t.index(['agency_id'])
    })

    this.schema.createTable('links', (t) => {
      t.increments('id')
      t.string('circuit_id', 64).notNullable().unique()
      t.string('name', 200).notNullable()
      t.enum('kind', ['legacy', 'uplink']).notNullable()
      t.integer('agency_id').notNullable().references('agencies.id').onDelete('RESTRICT')
      t.string('a_end', 200).notNullable()
      t.string('z_end', 200).notNullable()
      t.bigInteger('bandwidth_kbps').notNullable()
      t.integer('device_id').nullable().references('devices.id').onDelete('SET NULL')
      t.integer('if_index').nullable()
      t.enum('status', ['active', 'migrating', 'decommissioned']).notNullable()
      t.integer('consolidated_into_id').nullable().references('links.id').onDelete('SET NULL')
      t.date('decommission_date').nullable()
      t.timestamps(true, true)
      t.index(['agency_id'])
      t.index(['status', 'kind'])
      t.index(['device_id', 'if_index'])
    })

    this.schema.raw(trigramIndex('agencies', "name || ' ' || coalesce(name_en, '') || ' ' || code"))
    this.schema.raw(trigramIndex('data_centres', "name || ' ' || code"))
    this.schema.raw(trigramIndex('information_systems', "name || ' ' || code"))
    this.schema.raw(trigramIndex('devices', "hostname || ' ' || management_address"))
    this.schema.raw(trigramIndex('links', "name || ' ' || circuit_id || ' ' || a_end || ' ' || z_end"))
  }

  async down() {
    for (const t of ['links', 'devices', 'information_systems', 'data_centres']) this.schema.dropTable(t)
  }
}
