import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * Which CIO got which month's programme review by e-mail: the monthly job sends each month once
 * to each CIO, however often it runs, and one that failed is tried again the next time.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('programme_mailings', (t) => {
      t.increments('id')
      t.string('month', 7).notNullable()
      t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.unique(['month', 'user_id'])
    })
    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    this.defer(async (db) => {
      await db.rawQuery(`GRANT TRUNCATE ON programme_mailings TO ${app}`)
    })
  }

  async down() {
    this.schema.dropTableIfExists('programme_mailings')
  }
}
