import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * Grading security incidents and the legal clocks of the incident reporting rules
 * (app/security_grading/). Information systems say whether they are core (核心資通系統), which the
 * guided assessment starts from. An incident of type security keeps its level (資通安全事件等級
 * 1–4), whether G-ISAC has reviewed it, the assessment behind it, when its agency became aware,
 * and when the report to the authority was last sent; each change is also a timeline entry,
 * from which the clocks read the history. The clocks' durations are policy data an admin edits,
 * one row per clock: the regulation was rewritten on 2026-01-05 and may be again.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('information_systems', (t) => {
      t.boolean('core').notNullable().defaultTo(false)
    })
    this.schema.alterTable('incidents', (t) => {
      t.smallint('security_level').nullable()
      t.boolean('security_level_reviewed').notNullable().defaultTo(false)
      t.jsonb('security_assessment').nullable()
      t.timestamp('aware_at', { useTz: true }).nullable()
      t.timestamp('authority_report_sent_at', { useTz: true }).nullable()
    })
    this.schema.raw(`ALTER TABLE incidents ADD CONSTRAINT incidents_security_level CHECK (security_level BETWEEN 1 AND 4)`)

    this.schema.createTable('legal_clock_policies', (t) => {
      t.increments('id')
      t.string('clock', 16).notNullable().unique()
      t.enum('unit', ['hours', 'months']).notNullable()
      t.integer('levels_1_2').notNullable()
      t.integer('levels_3_4').notNullable()
      t.integer('warning_percent').notNullable().defaultTo(75)
      t.timestamps(true, true)
    })
    this.schema.raw(
      `ALTER TABLE legal_clock_policies ADD CONSTRAINT legal_clock_policies_clock
       CHECK (clock IN ('report', 'review', 'contain', 'investigation'))`
    )
    this.defer(async (db) => {
      // 資通安全事件通報及應變辦法 (text of 2021-08-23), arts. 4, 6, 7 and 8.
      await db.table('legal_clock_policies').multiInsert([
        { clock: 'report', unit: 'hours', levels_1_2: 1, levels_3_4: 1 },
        { clock: 'review', unit: 'hours', levels_1_2: 8, levels_3_4: 2 },
        { clock: 'contain', unit: 'hours', levels_1_2: 72, levels_3_4: 36 },
        { clock: 'investigation', unit: 'months', levels_1_2: 1, levels_3_4: 1 },
      ])
      const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
      await db.rawQuery(`GRANT TRUNCATE ON legal_clock_policies TO ${app}`)
    })
  }

  async down() {
    this.schema.dropTable('legal_clock_policies')
    this.schema.raw('ALTER TABLE incidents DROP CONSTRAINT IF EXISTS incidents_security_level')
    this.schema.alterTable('incidents', (t) => {
      t.dropColumns('security_level', 'security_level_reviewed', 'security_assessment', 'aware_at', 'authority_report_sent_at')
    })
    this.schema.alterTable('information_systems', (t) => {
      t.dropColumn('core')
    })
  }
}
