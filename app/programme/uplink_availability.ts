import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { scopeCondition } from '#app/access/scope'

/**
 * Uplink availability for a month: the minutes each uplink was down, leaving out the minutes a
 * maintenance window covered it (planned work is not an outage), over the minutes of the month.
 */

export interface Interval {
  from: number
  to: number
}

/** The intervals merged where they touch or overlap, in order. */
export function merged(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from)
  const out: Interval[] = []
  for (const i of sorted) {
    const last = out[out.length - 1]
    if (last && i.from <= last.to) last.to = Math.max(last.to, i.to)
    else out.push({ ...i })
  }
  return out
}

/**
 * When a link was down within [from, to): its state at `from` is `initial`, and it moves at
 * each change, in order. Only 'down' counts: degraded still carries traffic, unknown is the
 * console not knowing.
 */
export function downIntervals(from: number, to: number, initial: string, changes: ReadonlyArray<{ at: number; state: string }>): Interval[] {
  const out: Interval[] = []
  let state = initial
  let since = from
  for (const c of changes) {
    if (c.at >= to) break
    if (c.at < from) {
      state = c.state
      continue
    }
    if (state === 'down') out.push({ from: since, to: c.at })
    state = c.state
    since = c.at
  }
  if (state === 'down') out.push({ from: since, to })
  return merged(out)
}

/** Milliseconds of `down` not covered by any of `windows`. */
export function outsideWindows(down: readonly Interval[], windows: readonly Interval[]): number {
  const cover = merged(windows)
  let total = 0
  for (const d of merged(down)) {
    let left = d.to - d.from
    for (const w of cover) left -= Math.max(0, Math.min(d.to, w.to) - Math.max(d.from, w.from))
    total += left
  }
  return total
}

/** Percentage available of `links` lines over [from, to) given their minutes down; null without lines. */
export function availabilityPercent(downMs: number, links: number, from: number, to: number): number | null {
  if (links <= 0 || to <= from) return null
  return Math.round((1 - downMs / (links * (to - from))) * 100000) / 1000
}

/** The month's uplink availability over the scope's uplinks in service. */
export async function uplinkAvailability(user: User, from: Date, to: Date) {
  const scope = scopeCondition(user, 'l.agency_id')
  const uplinks = await db.rawQuery(
    `SELECT l.id FROM links l WHERE l.kind = 'uplink' AND (l.status <> 'decommissioned' OR l.decommission_date >= ?::date) AND ${scope.sql}`,
    [from, ...scope.bindings]
  )
  const ids: number[] = uplinks.rows.map((r: { id: number }) => r.id)
  if (!ids.length) return { uplinks: 0, minutes_down: 0, percent: null }
  const [changes, windows] = await Promise.all([
    db.rawQuery(
      `SELECT link_id, at, to_state FROM link_state_changes WHERE link_id = ANY(?) AND at < ?
         AND (at >= ? OR id IN (SELECT DISTINCT ON (link_id) id FROM link_state_changes WHERE link_id = ANY(?) AND at < ? ORDER BY link_id, at DESC))
       ORDER BY link_id, at`,
      [ids, to, from, ids, from]
    ),
    db.rawQuery(
      `SELECT i.item_id AS link_id, w.starts_at, w.ends_at FROM maintenance_windows w JOIN maintenance_window_items i ON i.window_id = w.id
       WHERE i.item_type = 'link' AND i.item_id = ANY(?) AND w.starts_at < ? AND w.ends_at > ?`,
      [ids, to, from]
    ),
  ])
  const f = from.getTime()
  const t = to.getTime()
  let downMs = 0
  for (const id of ids) {
    const mine = changes.rows.filter((c: any) => c.link_id === id).map((c: any) => ({ at: new Date(c.at).getTime(), state: c.to_state as string }))
    const cover = windows.rows.filter((w: any) => w.link_id === id).map((w: any) => ({ from: new Date(w.starts_at).getTime(), to: new Date(w.ends_at).getTime() }))
    downMs += outsideWindows(downIntervals(f, t, 'up', mine), cover)
  }
  return { uplinks: ids.length, minutes_down: Math.round(downMs / 60000), percent: availabilityPercent(downMs, ids.length, f, t) }
}
