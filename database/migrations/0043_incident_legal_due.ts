import { BaseSchema } from '@adonisjs/lucid/schema'
import { clocksOfSubjects, storeLegalDeadlines, subjectsOf } from '#app/security_grading/incident_legal_clocks'

/**
 * The nearest legal deadline of each security incident, kept on the row as the SLA's next
 * breach is (0018), so the analyst's queue sorts by it in SQL and pages like any list
 * (app/security_grading/incident_legal_clocks.ts writes it with every change and policy edit;
 * the API's `legal_clocks` are still worked out afresh). Null when no clock runs: sorts last.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('incidents', (t) => {
      t.timestamp('legal_due_at', { useTz: true }).nullable()
    })
    this.schema.raw(`CREATE INDEX incidents_legal_due_page ON incidents (legal_due_at, id) WHERE type = 'security'`)
    // Security incidents opened before this migration: their deadlines as they stand now, 500 at a time.
    this.defer(async (db) => {
      let after = 0
      for (;;) {
        const ids: number[] = (await db.from('incidents').where('type', 'security').where('id', '>', after).orderBy('id').limit(500).select('id')).map((r) => r.id)
        if (!ids.length) break
        await storeLegalDeadlines(db, await clocksOfSubjects(db, await subjectsOf(db, ids), new Date()))
        after = ids.at(-1)!
      }
    })
  }

  async down() {
    this.schema.raw('DROP INDEX IF EXISTS incidents_legal_due_page')
    this.schema.alterTable('incidents', (t) => {
      t.dropColumn('legal_due_at')
    })
  }
}
