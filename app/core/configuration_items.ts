import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import { limitToReferable } from '#app/access/scope'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'

export interface ConfigurationItem {
  item_type: string
  item_id: number
}

/**
 * Checks the configuration items a record names (an incident's, a maintenance window's): each
 * must exist and be one the writer may refer to. An item the record already named stays, so an
 * edit is not refused for what someone with a wider scope attached; one of another agency newly
 * named reads as missing, the same answer as an id that does not exist.
 */
export async function checkConfigurationItems(
  trx: TransactionClientContract,
  user: User,
  tables: Record<string, string>,
  items: ConfigurationItem[],
  stored: ConfigurationItem[]
) {
  const kept = new Set(stored.map((item) => `${item.item_type}:${item.item_id}`))
  for (const [i, item] of items.entries()) {
    const table = tables[item.item_type]
    const query = trx.from(table).where('id', item.item_id).select('id')
    if (!kept.has(`${item.item_type}:${item.item_id}`)) limitToReferable(query, user, table)
    if (!(await query.first())) {
      throw new FieldError(`items.${i}.item_id`, message('record.item_missing', { itemType: item.item_type, id: item.item_id }))
    }
  }
}
