import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A counter on each account that ends every session opened before it changed: bumped when the
 * password is changed and when the account is disabled, so neither an old session nor (with
 * its tokens deleted at the same moment) an old script outlives the change, even after the
 * account is enabled again.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('users', (t) => {
      t.integer('auth_epoch').notNullable().defaultTo(0)
    })
  }

  async down() {
    this.schema.alterTable('users', (t) => t.dropColumn('auth_epoch'))
  }
}
