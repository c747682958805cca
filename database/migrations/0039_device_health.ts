import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * Device health (app/device_health): what each poll reads of a device's HOST-RESOURCES-MIB,
 * UCD-SNMP-MIB and ENTITY-SENSOR-MIB, one row per device and poll, rolled up beside the link
 * samples by the same job on the same marks (5 min, 1 h, Taipei day); the thresholds per device
 * kind an administrator edits; and each device's running judgement (how many polls in a row a
 * threshold has been crossed, the incident it opened, which MIBs it does not answer).
 *
 * Not partitioned, like the probe tables (0034): one row per device a minute is a small table,
 * and retention deletes by time on the BRIN index. Figures are `real` percent and degrees, sizes
 * and uptime `double precision` (a 2 TB disk in bytes does not fit a real's 7 digits).
 */
const ROLLUP_COLUMNS = `
  bucket timestamptz NOT NULL,
  device_id integer NOT NULL,
  polls integer NOT NULL,
  cpu_avg real, cpu_max real,
  load_avg real,
  memory_avg real, memory_max real,
  storage_avg real, storage_max real,
  temperature_avg real, temperature_max real,
  uptime_s double precision`

const TABLES = ['device_health', 'device_health_5m', 'device_health_1h', 'device_health_1d', 'device_health_policies', 'device_health_state']

export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE device_health (
        at timestamptz NOT NULL,
        device_id integer NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        cpu_pct real,
        load_1 real,
        memory_pct real,
        memory_total_bytes double precision,
        storage_pct real,
        storage_used_bytes double precision,
        storage_size_bytes double precision,
        temperature_c real,
        uptime_s double precision,
        PRIMARY KEY (device_id, at)
      )`)
    this.schema.raw('CREATE INDEX device_health_at ON device_health USING brin (at)')
    for (const resolution of ['5m', '1h', '1d']) {
      const table = `device_health_${resolution}`
      this.schema.raw(`CREATE TABLE ${table} (${ROLLUP_COLUMNS}, PRIMARY KEY (device_id, bucket))`)
      this.schema.raw(`CREATE INDEX ${table}_bucket ON ${table} USING brin (bucket)`)
    }

    // Thresholds per device kind. A figure at or above its threshold for sustain_polls polls in a
    // row raises the device's health incident; a poll with every figure back below settles it.
    this.schema.createTable('device_health_policies', (t) => {
      t.increments('id')
      t.enum('device_kind', ['router', 'switch', 'firewall']).notNullable().unique()
      t.float('cpu_pct', 4).notNullable()
      t.float('memory_pct', 4).notNullable()
      t.float('storage_pct', 4).notNullable()
      t.float('temperature_c', 4).notNullable()
      t.smallint('sustain_polls').notNullable()
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(`ALTER TABLE device_health_policies ADD CONSTRAINT device_health_policies_ranges
      CHECK (cpu_pct > 0 AND cpu_pct <= 100 AND memory_pct > 0 AND memory_pct <= 100 AND storage_pct > 0 AND storage_pct <= 100
             AND temperature_c > 0 AND temperature_c <= 150 AND sustain_polls BETWEEN 1 AND 60)`)
    // Routers and firewalls forward in software on most GSN sites: 90% CPU for 5 polls is already
    // dropped traffic. Switches forward in hardware; their CPU runs the control plane, 95%.
    // Storage at 90% is a full log partition in days; 70 °C is above most vendors' warning level.
    this.schema.raw(`INSERT INTO device_health_policies (device_kind, cpu_pct, memory_pct, storage_pct, temperature_c, sustain_polls)
      VALUES ('router', 90, 90, 90, 70, 5), ('switch', 95, 90, 90, 70, 5), ('firewall', 90, 90, 90, 70, 5)`)

    this.schema.createTable('device_health_state', (t) => {
      t.integer('device_id').primary().references('devices.id').onDelete('CASCADE')
      // The thresholds crossed at the last poll (message keys and parameters), and since when.
      t.jsonb('reasons').notNullable().defaultTo('[]')
      t.integer('breach_polls').notNullable().defaultTo(0)
      t.timestamp('breaching_since', { useTz: true }).nullable()
      t.integer('open_incident_id').nullable().references('incidents.id').onDelete('SET NULL')
      t.timestamp('last_at', { useTz: true }).nullable()
      // MIBs the device did not answer at its last poll, and how many polls each was missing in.
      t.specificType('absent_mibs', 'text[]').notNullable().defaultTo('{}')
      t.jsonb('absent_counts').notNullable().defaultTo('{}')
      t.integer('health_polls').notNullable().defaultTo(0)
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })

    // The demo's and the tests' inventory clearing truncates devices and incidents with CASCADE,
    // which reaches these tables: the app's role needs TRUNCATE on them as on the others.
    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    this.defer(async (db) => {
      await db.rawQuery(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ${TABLES.join(', ')} TO ${app}`)
      await db.rawQuery(`GRANT USAGE, SELECT, UPDATE ON SEQUENCE device_health_policies_id_seq TO ${app}`)
    })
  }

  async down() {
    this.schema.dropTableIfExists('device_health_state')
    this.schema.dropTableIfExists('device_health_policies')
    for (const resolution of ['1d', '1h', '5m']) this.schema.raw(`DROP TABLE IF EXISTS device_health_${resolution}`)
    this.schema.raw('DROP TABLE IF EXISTS device_health')
  }
}
