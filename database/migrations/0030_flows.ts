import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * Flow storage (app/flows): the address prefixes each agency announces (inventory), raw flows
 * partitioned by UTC day of their first packet, minute aggregates partitioned by UTC month and
 * kept longer, and the ids of the batches already stored so that a queue job delivered twice
 * (a worker that died after its commit) stores its flows once. Partitions are made and dropped
 * through two owner's functions limited to these tables, as the sample tables' are (0014).
 */
const FLOW_TABLES = ['flows', 'flow_minutes']

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('agency_prefixes', (t) => {
      t.increments('id')
      t.integer('agency_id').notNullable().references('agencies.id').onDelete('RESTRICT')
      t.specificType('prefix', 'cidr').notNullable().unique()
      t.string('description', 200).nullable()
      t.timestamps(true, true)
      t.index(['agency_id'])
    })

    this.schema.raw(`
      CREATE TABLE flows (
        first_at timestamptz NOT NULL,
        last_at timestamptz NOT NULL,
        exporter text NOT NULL,
        version int2 NOT NULL,
        observation_domain int8 NOT NULL,
        src_addr inet NOT NULL,
        dst_addr inet NOT NULL,
        src_port int4 NOT NULL,
        dst_port int4 NOT NULL,
        protocol int2 NOT NULL,
        packets int8 NOT NULL,
        bytes int8 NOT NULL,
        tcp_flags int2 NOT NULL,
        input_if int8 NOT NULL,
        output_if int8 NOT NULL,
        sampling_rate int4 NOT NULL,
        device_id int4,
        link_id int4,
        src_agency_id int4,
        dst_agency_id int4
      ) PARTITION BY RANGE (first_at)`)
    this.schema.raw('CREATE INDEX flows_first_at ON flows USING brin (first_at)')
    this.schema.raw('CREATE INDEX flows_src_addr ON flows (src_addr)')
    this.schema.raw('CREATE INDEX flows_dst_addr ON flows (dst_addr)')

    // 0 stands for "not known" in the key columns, so the key is one plain unique index.
    this.schema.raw(`
      CREATE TABLE flow_minutes (
        minute timestamptz NOT NULL,
        link_id int4 NOT NULL,
        src_agency_id int4 NOT NULL,
        dst_agency_id int4 NOT NULL,
        protocol int2 NOT NULL,
        dst_port int4 NOT NULL,
        flows int8 NOT NULL,
        packets int8 NOT NULL,
        bytes int8 NOT NULL,
        PRIMARY KEY (minute, link_id, src_agency_id, dst_agency_id, protocol, dst_port)
      ) PARTITION BY RANGE (minute)`)

    this.schema.createTable('flow_batches', (t) => {
      t.string('id', 80).primary()
      t.timestamp('stored_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.integer('flows').notNullable()
      t.index(['stored_at'])
    })

    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    this.defer(async (db) => {
      const tables = `ARRAY[${FLOW_TABLES.map((t) => `'${t}'`).join(', ')}]`
      await db.rawQuery(
        `CREATE OR REPLACE FUNCTION gsn_create_flow_partition(parent text, name text, starts timestamptz, ends timestamptz)
         RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
         BEGIN
           IF NOT parent = ANY (${tables}) OR name !~ ('^' || parent || '_p[0-9]{6}([0-9]{2}){0,1}$') THEN
             RAISE EXCEPTION 'not a flow partition: % of %', name, parent;
           END IF;
           EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, parent, starts, ends);
         END $$`
      )
      await db.rawQuery(
        `CREATE OR REPLACE FUNCTION gsn_drop_flow_partition(name text)
         RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
         BEGIN
           IF name !~ ('^(' || array_to_string(${tables}, '|') || ')_p[0-9]{6}([0-9]{2}){0,1}$') THEN
             RAISE EXCEPTION 'not a flow partition: %', name;
           END IF;
           EXECUTE format('DROP TABLE IF EXISTS %I', name);
         END $$`
      )
      for (const fn of ['gsn_create_flow_partition(text, text, timestamptz, timestamptz)', 'gsn_drop_flow_partition(text)']) {
        await db.rawQuery(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`)
        await db.rawQuery(`GRANT EXECUTE ON FUNCTION ${fn} TO ${app}`)
      }
      await db.rawQuery(`GRANT TRUNCATE ON agency_prefixes, flows, flow_minutes, flow_batches TO ${app}`)
    })
  }

  async down() {
    this.schema.raw('DROP FUNCTION IF EXISTS gsn_create_flow_partition(text, text, timestamptz, timestamptz)')
    this.schema.raw('DROP FUNCTION IF EXISTS gsn_drop_flow_partition(text)')
    for (const t of ['flow_batches', 'flow_minutes', 'flows', 'agency_prefixes']) this.schema.dropTableIfExists(t)
  }
}
