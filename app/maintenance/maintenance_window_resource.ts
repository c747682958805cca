import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import MaintenanceWindow from '#app/maintenance/maintenance_window'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { reference } from '#app/core/vine_rules'
import { ref } from '#app/core/csv_references'
import { checkConfigurationItems } from '#app/core/configuration_items'
import { served } from '#app/core/registration'

export const WINDOW_ITEM_TABLES = { link: 'links', device: 'devices' } as const

/** Longer than a month is no longer maintenance but an alarm switched off. */
export const MAX_WINDOW_DAYS = 31

export const instant = () =>
  vine.date({ formats: ['iso8601'] }).transform((d) => DateTime.fromJSDate(d, { zone: 'utc' }))

export const maintenanceWindowValidator = vine.create({
  title: vine.string().trim().minLength(3).maxLength(300),
  starts_at: instant(),
  ends_at: instant(),
  reason: vine.string().trim().minLength(3).maxLength(20000),
  change_ref: vine.string().trim().maxLength(64).nullable().optional(),
  agency_id: reference('agencies'),
  items: vine
    .array(
      vine.object({
        item_type: vine.enum(Object.keys(WINDOW_ITEM_TABLES) as (keyof typeof WINDOW_ITEM_TABLES)[]),
        item_id: vine.number().withoutDecimals().positive(),
      })
    )
    .maxLength(5000)
    .optional(),
})

type Item = { item_type: keyof typeof WINDOW_ITEM_TABLES; item_id: number }

async function itemsOf(windowId: number) {
  return db
    .from('maintenance_window_items')
    .where('window_id', windowId)
    .select('item_type', 'item_id')
    .orderBy(['item_type', 'item_id'])
}

// Windows are not deleted but ended (ends_at), so why alarms were silent stays on record.
export const maintenanceWindows = served('maintenance_windows', { grants: { admin: 'rcud', noc: 'rcu', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' } }, {
  model: MaintenanceWindow,
  validator: maintenanceWindowValidator,
  filters: {
    fields: { agency_id: 'exact', change_ref: 'exact', created_by_id: 'exact', starts_at: 'range', ends_at: 'range' },
    sortable: ['title', 'starts_at', 'ends_at', 'agency_id', 'change_ref'],
    defaultSort: ['starts_at', 'DESC'],
  },
  searchExpression: "title || ' ' || coalesce(change_ref, '')",
  agencyColumn: 'agency_id',
  naturalKey: 'id',
  csvColumns: ['title', 'starts_at', 'ends_at', 'reason', 'change_ref', 'agency_code', 'created_by_id'],
  csvReferences: { agency_code: ref.agency() },

  prepare({ row, existing, user }) {
    if (row.endsAt <= row.startsAt) throw new FieldError('ends_at', message('maintenance.ends_after_start'))
    if (row.endsAt.diff(row.startsAt, 'days').days > MAX_WINDOW_DAYS) {
      throw new FieldError('ends_at', message('maintenance.too_long', { days: MAX_WINDOW_DAYS }))
    }
    if (!existing) row.createdById = user.id
  },

  /** Only what the user may see can be silenced by them: a window is checked item by item. */
  async afterSave({ row, input, trx, user }) {
    const items = input.items as Item[] | undefined
    if (!items) return
    const stored = await trx.from('maintenance_window_items').where('window_id', row.id).select('item_type', 'item_id')
    await checkConfigurationItems(trx, user, WINDOW_ITEM_TABLES, items, stored)
    await trx.from('maintenance_window_items').where('window_id', row.id).delete()
    const unique = [...new Map(items.map((it) => [`${it.item_type}:${it.item_id}`, it])).values()]
    if (unique.length) {
      await trx.insertQuery().table('maintenance_window_items').multiInsert(unique.map((it) => ({ window_id: row.id, ...it })))
    }
  },

  present: async (row) => {
    const now = Date.now()
    return {
      items: await itemsOf(row.id),
      active: row.startsAt.toMillis() <= now && now < row.endsAt.toMillis(),
    }
  },
  answerFields: { properties: { created_by_id: { type: ['integer', 'null'] }, active: { type: 'boolean' } }, fromValidator: ['items'] },
})
export const maintenanceWindowResource = maintenanceWindows.definition
