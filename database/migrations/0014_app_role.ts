import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * The console runs under a role of its own (DB_USER, gsn_app by default) that owns nothing:
 * it reads and writes rows, but cannot alter a table, disable a trigger or truncate the audit
 * log, so the log's append-only triggers hold against the application itself. Migrations run
 * under the schema's owner (DB_OWNER_USER, `--connection owner`), which creates the role when it
 * is missing and grants it what it needs. Sample partitions, which only a table's owner may
 * add or drop, are made through two functions that run with the owner's rights and accept only
 * the sample tables and their partition names.
 */
const SAMPLE_TABLES = ['link_samples', 'link_samples_5m', 'link_samples_1h', 'link_samples_1d']

export default class extends BaseSchema {
  async up() {
    const app = env.get('DB_USER')
    const owner = env.get('DB_OWNER_USER')
    if (app === owner) {
      throw new Error(`DB_USER (${app}) is the schema owner: the application must run under a role that owns nothing`)
    }
    const role = `"${app.replaceAll('"', '""')}"`
    this.defer(async (db) => {
      await db.rawQuery(
        `DO $$ BEGIN
           IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(app)}) THEN
             CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
           END IF;
         END $$`
      )
      const password = env.get('DB_PASSWORD')
      if (password) await db.rawQuery(`ALTER ROLE ${role} PASSWORD ${literal(password)}`)
      await db.rawQuery(`GRANT USAGE ON SCHEMA public TO ${role}`)
      await db.rawQuery(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`)
      await db.rawQuery(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO ${role}`)
      await db.rawQuery(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`)
      // Tables and partitions the owner makes later get the same rights.
      await db.rawQuery(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`)
      await db.rawQuery(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`)
      // The audit log is appended to and read; nothing else, whatever the triggers say.
      await db.rawQuery(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${role}`)
      await db.rawQuery(`REVOKE ALL ON adonis_schema, adonis_schema_versions FROM ${role}`)

      const tables = `ARRAY[${SAMPLE_TABLES.map(literal).join(', ')}]`
      await db.rawQuery(
        `CREATE OR REPLACE FUNCTION gsn_create_sample_partition(parent text, name text, starts timestamptz, ends timestamptz)
         RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
         BEGIN
           IF NOT parent = ANY (${tables}) OR name !~ ('^' || parent || '_p[0-9]{6}([0-9]{2}){0,1}$') THEN
             RAISE EXCEPTION 'not a sample partition: % of %', name, parent;
           END IF;
           EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, parent, starts, ends);
         END $$`
      )
      await db.rawQuery(
        `CREATE OR REPLACE FUNCTION gsn_drop_sample_partition(name text)
         RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
         BEGIN
           IF name !~ ('^(' || array_to_string(${tables}, '|') || ')_p[0-9]{6}([0-9]{2}){0,1}$') THEN
             RAISE EXCEPTION 'not a sample partition: %', name;
           END IF;
           EXECUTE format('DROP TABLE IF EXISTS %I', name);
         END $$`
      )
      for (const fn of ['gsn_create_sample_partition(text, text, timestamptz, timestamptz)', 'gsn_drop_sample_partition(text)']) {
        await db.rawQuery(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`)
        await db.rawQuery(`GRANT EXECUTE ON FUNCTION ${fn} TO ${role}`)
      }
    })
  }

  async down() {
    this.schema.raw('DROP FUNCTION IF EXISTS gsn_create_sample_partition(text, text, timestamptz, timestamptz)')
    this.schema.raw('DROP FUNCTION IF EXISTS gsn_drop_sample_partition(text)')
  }
}

function literal(text: string) {
  return `'${text.replaceAll("'", "''")}'`
}
