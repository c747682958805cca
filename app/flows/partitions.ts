import db from '@adonisjs/lucid/services/db'
import { addUtcDays, addUtcMonths, utcDayStart, utcMonthStart } from '#app/samples/buckets'

/**
 * Partitions of the flow tables: raw flows by UTC day of their first packet (flows_p20261206),
 * minute aggregates by UTC month (flow_minutes_p202612). Made on demand ahead of the rows that
 * need them, dropped whole by retention (no dead rows for vacuum), as the sample tables are.
 */
export const RAW_TABLE = 'flows'
export const MINUTE_TABLE = 'flow_minutes'

export interface Partition {
  parent: string
  name: string
  from: Date
  to: Date
}

const pad = (n: number) => String(n).padStart(2, '0')

export function flowDayPartition(at: Date): Partition {
  const from = utcDayStart(at)
  const name = `${RAW_TABLE}_p${from.getUTCFullYear()}${pad(from.getUTCMonth() + 1)}${pad(from.getUTCDate())}`
  return { parent: RAW_TABLE, name, from, to: addUtcDays(from, 1) }
}

export function flowMonthPartition(at: Date): Partition {
  const from = utcMonthStart(at)
  return { parent: MINUTE_TABLE, name: `${MINUTE_TABLE}_p${from.getUTCFullYear()}${pad(from.getUTCMonth() + 1)}`, from, to: addUtcMonths(from, 1) }
}

/** The partitions a batch's flows need (the raw day and the aggregate month of each first time). */
export function partitionsFor(firstTimes: Iterable<number>): Partition[] {
  const seen = new Map<string, Partition>()
  const days = new Set<number>()
  for (const t of firstTimes) days.add(Math.floor(t / 86_400_000))
  for (const day of days) {
    for (const p of [flowDayPartition(new Date(day * 86_400_000)), flowMonthPartition(new Date(day * 86_400_000))]) seen.set(p.name, p)
  }
  return [...seen.values()]
}

const known = new Set<string>()

export async function ensureFlowPartition(p: Partition) {
  if (known.has(p.name)) return
  try {
    // Only a table's owner may add a partition: the owner's function does it (migration 0030).
    await db.rawQuery('SELECT gsn_create_flow_partition(?, ?, ?, ?)', [p.parent, p.name, p.from.toISOString(), p.to.toISOString()])
  } catch (error) {
    // Two workers creating the same partition at once: one wins, the other finds it there.
    const { rows } = await db.rawQuery('SELECT 1 FROM pg_class WHERE relname = ?', [p.name])
    if (rows.length === 0) throw error
  }
  known.add(p.name)
}

/** Partitions of a flow table with the instant their rows end (read from the names we gave them). */
export async function flowPartitionsOf(parent: string) {
  const { rows } = await db.rawQuery(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = ? ORDER BY c.relname`,
    [parent]
  )
  return (rows as Array<{ name: string }>).map(({ name }) => ({ name, to: partitionEnd(name) }))
}

export function partitionEnd(name: string): Date | null {
  const match = /_p(\d{4})(\d{2})(\d{2})?$/.exec(name)
  if (!match) return null
  const [year, month] = [Number(match[1]), Number(match[2]) - 1]
  return match[3] ? new Date(Date.UTC(year, month, Number(match[3]) + 1)) : new Date(Date.UTC(year, month + 1, 1))
}

export async function dropFlowPartitionsBefore(parent: string, cutoff: Date) {
  const dropped: string[] = []
  for (const p of await flowPartitionsOf(parent)) {
    if (p.to && p.to.getTime() <= cutoff.getTime()) {
      await db.rawQuery('SELECT gsn_drop_flow_partition(?)', [p.name])
      known.delete(p.name)
      dropped.push(p.name)
    }
  }
  return dropped
}

/** Makes today's and tomorrow's partitions before the first flow of the day needs them. */
export async function ensureFlowPartitionsAhead(now: Date) {
  for (const p of partitionsFor([now.getTime(), now.getTime() + 86_400_000])) await ensureFlowPartition(p)
}
