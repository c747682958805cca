import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'

/**
 * What each person chose to hear (app/notifications/subscriptions.ts): one row per user and
 * topic, e-mail and live each on or off. A topic without a row takes the default (live on,
 * e-mail off). A delivery is now either a channel's or a person's: a person gets one mail per
 * event key, however often the event is announced, as a channel does.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('notification_subscriptions', (t) => {
      t.increments('id')
      t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      t.string('topic', 32).notNullable()
      t.boolean('email').notNullable()
      t.boolean('live').notNullable()
      t.timestamps(true, true)
      t.unique(['user_id', 'topic'])
    })
    this.schema.raw(
      `ALTER TABLE notification_subscriptions ADD CONSTRAINT notification_subscriptions_topic
       CHECK (topic IN ('group_queues', 'my_incidents', 'sla', 'cab_requests', 'my_items'))`
    )

    this.schema.alterTable('notification_deliveries', (t) => {
      t.integer('channel_id').nullable().alter()
      t.integer('user_id').nullable().references('users.id').onDelete('CASCADE')
      t.unique(['user_id', 'event_key'])
    })
    this.schema.raw(
      `ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_one_recipient
       CHECK ((channel_id IS NULL) <> (user_id IS NULL))`
    )

    const app = `"${env.get('DB_USER').replaceAll('"', '""')}"`
    this.defer(async (db) => {
      await db.rawQuery(`GRANT TRUNCATE ON notification_subscriptions TO ${app}`)
    })
  }

  async down() {
    this.schema.raw('DELETE FROM notification_deliveries WHERE user_id IS NOT NULL')
    this.schema.alterTable('notification_deliveries', (t) => {
      t.dropUnique(['user_id', 'event_key'])
      t.dropColumn('user_id')
    })
    this.schema.raw('ALTER TABLE notification_deliveries DROP CONSTRAINT IF EXISTS notification_deliveries_one_recipient')
    this.schema.raw('ALTER TABLE notification_deliveries ALTER COLUMN channel_id SET NOT NULL')
    this.schema.dropTable('notification_subscriptions')
  }
}
