import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'
import { defaultRuleRows } from '#app/detections/rule_settings'

/**
 * The flow detections' thresholds as data an admin tunes (app/detections/rule_settings.ts): one
 * row per rule, on or off, its settings as a JSON object under the names rules.ts gives them.
 * The first rows are rules.ts's defaults. flows:work reads the table every 30 s.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('detection_rules', (t) => {
      t.increments('id')
      t.string('rule', 32).notNullable().unique()
      t.boolean('enabled').notNullable().defaultTo(true)
      t.jsonb('settings').notNullable().defaultTo('{}')
      t.timestamps(true, true)
    })
    this.schema.raw(
      `ALTER TABLE detection_rules ADD CONSTRAINT detection_rules_rule
       CHECK (rule IN ('general', 'port_scan', 'host_sweep', 'flood', 'brute_force', 'indicator', 'new_exposure', 'beaconing'))`
    )
    this.defer(async (db) => {
      await db.table('detection_rules').multiInsert(defaultRuleRows().map((r) => ({ rule: r.rule, enabled: r.enabled, settings: JSON.stringify(r.settings) })))
      const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
      await db.rawQuery(`GRANT TRUNCATE ON detection_rules TO ${app}`)
    })
  }

  async down() {
    this.schema.dropTable('detection_rules')
  }
}
