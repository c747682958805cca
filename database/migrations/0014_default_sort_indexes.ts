import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Lists are read a page at a time in their default order (core/resource.ts adds id to break
 * ties); a million incidents sorted by hand for every page of 25 cost a second each. Links and
 * devices are already in order through their unique circuit_id and hostname indexes.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE INDEX incidents_opened_at_page ON incidents (opened_at DESC, id)')
  }

  async down() {
    this.schema.raw('DROP INDEX incidents_opened_at_page')
  }
}
