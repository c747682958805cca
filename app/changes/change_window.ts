import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { recordAudit, type Actor } from '#app/audit/audit_log'
import { message } from '#app/core/messages'
import type Change from '#app/changes/change'
import { silencedBy } from '#app/changes/impact'
import type { ChangeEntry } from '#app/changes/change_timeline'

/**
 * The maintenance window a scheduled change holds open (app/maintenance/): its links (the lines
 * behind an uplink included) and devices raise no incident between the planned start and end, or
 * until the change is implemented, backed out or cancelled, whichever comes first. The window is
 * ended, never deleted, so why alarms were silent stays on record.
 */
export async function openWindow(trx: TransactionClientContract, actor: Actor, change: Change, at: Date): Promise<ChangeEntry> {
  const items = await trx.from('change_items').where('change_id', change.id).select('item_type', 'item_id')
  const silenced = await silencedBy(items, trx)
  const [window] = await trx
    .insertQuery()
    .table('maintenance_windows')
    .insert({
      title: `${change.number} ${change.title}`.slice(0, 300),
      starts_at: change.plannedStart.toJSDate(),
      ends_at: change.plannedEnd.toJSDate(),
      reason: change.description || change.title,
      change_ref: change.number,
      created_by_id: actor.id,
      agency_id: change.agencyId,
    })
    .returning('*')
  const rows = [
    ...silenced.links.map((id) => ({ window_id: window.id, item_type: 'link', item_id: id })),
    ...silenced.devices.map((id) => ({ window_id: window.id, item_type: 'device', item_id: id })),
  ]
  for (let i = 0; i < rows.length; i += 1000) await trx.insertQuery().table('maintenance_window_items').multiInsert(rows.slice(i, i + 1000))
  await recordAudit(trx, actor, [
    { action: 'create', entity: 'maintenance_windows', entityId: window.id, before: null, after: { ...window, links: silenced.links, devices: silenced.devices } },
  ])
  change.windowId = window.id
  return {
    kind: 'window',
    at,
    actor,
    message: message('changes.timeline_window_opened', {
      id: window.id,
      from: change.plannedStart.toISO()!,
      to: change.plannedEnd.toISO()!,
      links: silenced.links.length,
      devices: silenced.devices.length,
    }),
  }
}

/** Work started before the planned start: the window opens now, so the first alarms stay silent too. */
export async function widenWindow(trx: TransactionClientContract, actor: Actor, change: Change, at: Date) {
  if (!change.windowId) return
  const window = await trx.from('maintenance_windows').where('id', change.windowId).first()
  if (!window || new Date(window.starts_at) <= at) return
  await trx.from('maintenance_windows').where('id', window.id).update({ starts_at: at, updated_at: at })
  await recordAudit(trx, actor, [
    { action: 'update', entity: 'maintenance_windows', entityId: window.id, before: { starts_at: window.starts_at }, after: { starts_at: at } },
  ])
}

/**
 * Ends the window now. One that had not begun is moved to end now as well, just after a start
 * one millisecond before: it silenced nothing, and the table keeps a window's end after its start.
 */
export async function endWindow(trx: TransactionClientContract, actor: Actor, change: Change, at: Date): Promise<ChangeEntry | null> {
  if (!change.windowId) return null
  const window = await trx.from('maintenance_windows').where('id', change.windowId).first()
  if (!window || new Date(window.ends_at) <= at) return null
  const before = { starts_at: window.starts_at, ends_at: window.ends_at }
  const after = new Date(window.starts_at) < at ? { ends_at: at } : { starts_at: new Date(at.getTime() - 1), ends_at: at }
  await trx.from('maintenance_windows').where('id', window.id).update({ ...after, updated_at: at })
  await recordAudit(trx, actor, [{ action: 'update', entity: 'maintenance_windows', entityId: window.id, before, after }])
  return { kind: 'window', at, actor, message: message('changes.timeline_window_closed', { id: window.id, at: at.toISOString() }) }
}
