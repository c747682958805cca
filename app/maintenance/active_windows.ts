import db from '@adonisjs/lucid/services/db'
import type { WindowView } from '#app/monitoring/link_health/alarm_rules'

/** Maintenance windows overlapping [from, to] that name one of the links or devices. */
export async function activeWindows(linkIds: number[], deviceIds: number[], from: Date, to: Date): Promise<WindowView[]> {
  if (!linkIds.length && !deviceIds.length) return []
  const rows = await db
    .from('maintenance_windows as w')
    .join('maintenance_window_items as i', 'i.window_id', 'w.id')
    .where('w.starts_at', '<=', to)
    .where('w.ends_at', '>', from)
    .where((q) => {
      if (linkIds.length) q.orWhere((l) => l.where('i.item_type', 'link').whereRaw('i.item_id = ANY(?::int[])', [linkIds]))
      if (deviceIds.length) q.orWhere((d) => d.where('i.item_type', 'device').whereRaw('i.item_id = ANY(?::int[])', [deviceIds]))
    })
    .orderBy('w.starts_at')
    .orderBy('w.id')
    .select('w.id', 'w.title', 'w.starts_at', 'w.ends_at', 'i.item_type', 'i.item_id')
  const windows = new Map<number, WindowView>()
  for (const r of rows) {
    if (!windows.has(r.id)) {
      windows.set(r.id, { id: r.id, title: r.title, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), items: [] })
    }
    windows.get(r.id)!.items.push({ itemType: r.item_type, itemId: r.item_id })
  }
  return [...windows.values()]
}
