import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What the consolidation overview is counted from (agencies, data centres, systems, links and the
 * programme's targets) carries one version number, raised by every transaction that writes any
 * of them, whichever way it writes (API, CSV import, the demo loader, SQL by hand). The overview's
 * counts are kept with the version they were counted at (app/overview/overview_cells.ts) and used
 * only while it is still the current one, so a reader never sees figures older than the last
 * committed write.
 *
 * The version row is raised at commit (a deferred constraint trigger, once per transaction however
 * many rows it wrote), so a writer takes its lock last and holds it only while committing: two
 * writers cannot deadlock over it. TRUNCATE has no row triggers: a statement trigger raises it.
 */
const TABLES = ['agencies', 'data_centres', 'information_systems', 'links', 'programme_targets']

export default class extends BaseSchema {
  async up() {
    this.schema.raw(`CREATE TABLE inventory_version (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), n bigint NOT NULL DEFAULT 0)`)
    this.schema.raw(`INSERT INTO inventory_version DEFAULT VALUES`)
    this.schema.raw(`
      CREATE FUNCTION raise_inventory_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'ROW' AND current_setting('gsn.inventory_raised', true) = txid_current()::text THEN
          RETURN NULL;
        END IF;
        UPDATE inventory_version SET n = n + 1;
        IF TG_LEVEL = 'ROW' THEN
          PERFORM set_config('gsn.inventory_raised', txid_current()::text, true);
        END IF;
        RETURN NULL;
      END $$`)
    for (const table of TABLES) {
      this.schema.raw(`
        CREATE CONSTRAINT TRIGGER ${table}_raise_inventory_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_inventory_version()`)
      this.schema.raw(`
        CREATE TRIGGER ${table}_truncate_inventory_version AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION raise_inventory_version()`)
    }
  }

  async down() {
    for (const table of TABLES) {
      this.schema.raw(`DROP TRIGGER IF EXISTS ${table}_raise_inventory_version ON ${table}`)
      this.schema.raw(`DROP TRIGGER IF EXISTS ${table}_truncate_inventory_version ON ${table}`)
    }
    this.schema.raw('DROP FUNCTION IF EXISTS raise_inventory_version()')
    this.schema.raw('DROP TABLE IF EXISTS inventory_version')
  }
}
