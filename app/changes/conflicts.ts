import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import { agencyIdsInScope } from '#app/access/scope'
import { LIVE_STATUSES, overlaps, reachOf, sharedReach, type Span } from '#shared/change_lifecycle'
import { topologyOf } from '#app/changes/impact'

type Client = TransactionClientContract | typeof db

export interface ChangeSpan extends Span {
  id: number
  number: string
  title: string
  type: string
  status: string
  agencyId: number
  items: Array<{ item_type: string; item_id: number }>
}

export type Conflict =
  | { kind: 'overlap'; change_id: number; number: string; title: string; starts_at: string; ends_at: string; items: string[] }
  | { kind: 'freeze'; freeze_id: number; name: string; starts_at: string; ends_at: string }

/** Changes (with their items) whose planned window meets [from, to); only live ones when asked. */
export async function changesIn(from: Date, to: Date, options: { live?: boolean; client?: Client } = {}): Promise<ChangeSpan[]> {
  const client = options.client ?? db
  const query = client.from('changes').where('planned_start', '<', to).where('planned_end', '>', from)
  if (options.live) query.whereIn('status', LIVE_STATUSES as string[])
  const rows = await query.select('id', 'number', 'title', 'type', 'status', 'agency_id', 'planned_start', 'planned_end').orderBy('planned_start').orderBy('id')
  const items = rows.length
    ? await client.from('change_items').whereIn('change_id', rows.map((r) => r.id)).select('change_id', 'item_type', 'item_id')
    : []
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    type: r.type,
    status: r.status,
    agencyId: r.agency_id,
    start: new Date(r.planned_start),
    end: new Date(r.planned_end),
    items: items.filter((i) => i.change_id === r.id).map((i) => ({ item_type: i.item_type, item_id: i.item_id })),
  }))
}

/**
 * The warnings for each of `targets`: another live change whose window overlaps and whose reach
 * (items and what hangs on them) meets its own, and each freeze period over its window that
 * covers its agency. A reader is told only of changes their scope holds.
 */
export async function conflictsFor(targets: ChangeSpan[], reader: User | null, client: Client = db) {
  const result = new Map<number, Conflict[]>(targets.map((t) => [t.id, []]))
  if (!targets.length) return result
  const from = new Date(Math.min(...targets.map((t) => t.start.getTime())))
  const to = new Date(Math.max(...targets.map((t) => t.end.getTime())))
  const [candidates, freezes, visible] = await Promise.all([
    changesIn(from, to, { live: true, client }),
    freezesOver(targets, client),
    reader ? agencyIdsInScope(reader) : Promise.resolve(null),
  ])
  const everyone = [...new Map([...targets, ...candidates].map((c) => [c.id, c])).values()]
  const topology = await topologyOf(everyone.flatMap((c) => c.items), client)
  const reach = new Map(everyone.map((c) => [c.id, reachOf(c.items, topology)]))
  for (const target of targets) {
    const found = result.get(target.id)!
    if (!(LIVE_STATUSES as string[]).includes(target.status)) continue
    for (const other of candidates) {
      if (other.id === target.id || !overlaps(target, other)) continue
      if (visible && !visible.has(other.agencyId)) continue
      const items = sharedReach(reach.get(target.id)!, reach.get(other.id)!)
      if (items.length) {
        found.push({ kind: 'overlap', change_id: other.id, number: other.number, title: other.title, starts_at: other.start.toISOString(), ends_at: other.end.toISOString(), items })
      }
    }
    for (const freeze of freezes.filter((f) => f.targetId === target.id)) {
      found.push({ kind: 'freeze', freeze_id: freeze.id, name: freeze.name, starts_at: freeze.start.toISOString(), ends_at: freeze.end.toISOString() })
    }
  }
  return result
}

/** Freeze periods over each target's window that cover its agency (programme-wide, or an agency above or equal). */
async function freezesOver(targets: ChangeSpan[], client: Client): Promise<Array<{ targetId: number; id: number; name: string; start: Date; end: Date }>> {
  const { rows } = await client.rawQuery(
    `SELECT t.id AS target_id, f.id, f.name, f.starts_at, f.ends_at
       FROM jsonb_to_recordset(?::jsonb) AS t(id int, agency_id int, starts_at timestamptz, ends_at timestamptz)
       JOIN agencies a ON a.id = t.agency_id
       JOIN freeze_periods f ON f.starts_at < t.ends_at AND f.ends_at > t.starts_at
       LEFT JOIN agencies fa ON fa.id = f.agency_id
      WHERE f.agency_id IS NULL OR a.path LIKE fa.path || '%'
      ORDER BY f.starts_at, f.id`,
    [JSON.stringify(targets.map((t) => ({ id: t.id, agency_id: t.agencyId, starts_at: t.start.toISOString(), ends_at: t.end.toISOString() })))]
  )
  return rows.map((r: any) => ({ targetId: r.target_id, id: r.id, name: r.name, start: new Date(r.starts_at), end: new Date(r.ends_at) }))
}
