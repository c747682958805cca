import db from '@adonisjs/lucid/services/db'
import { addUtcDays, addUtcMonths, utcDayStart, utcMonthStart } from '#app/samples/buckets'

/**
 * Partitions of the sample tables: link_samples by UTC day (link_samples_p20260115), the rollups
 * by UTC month (link_samples_5m_p202601). Created on demand ahead of the rows that need them;
 * retention drops whole partitions, which frees their space at once and leaves no dead rows
 * for vacuum (bench/samples_storage measures the difference against an indexed DELETE).
 */
export const RAW_TABLE = 'link_samples'
export const ROLLUP_TABLES = { '5m': 'link_samples_5m', '1h': 'link_samples_1h', '1d': 'link_samples_1d' } as const

interface Partition {
  parent: string
  name: string
  from: Date
  to: Date
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

export function dayPartition(at: Date): Partition {
  const from = utcDayStart(at)
  return {
    parent: RAW_TABLE,
    name: `${RAW_TABLE}_p${from.getUTCFullYear()}${pad(from.getUTCMonth() + 1)}${pad(from.getUTCDate())}`,
    from,
    to: addUtcDays(from, 1),
  }
}

export function monthPartition(parent: string, at: Date): Partition {
  const from = utcMonthStart(at)
  return {
    parent,
    name: `${parent}_p${from.getUTCFullYear()}${pad(from.getUTCMonth() + 1)}`,
    from,
    to: addUtcMonths(from, 1),
  }
}

/** Names of partitions known to exist in this process's database; cleared when one is dropped. */
const known = new Set<string>()

export function forgetPartitions() {
  known.clear()
}

async function exists(name: string) {
  const { rows } = await db.rawQuery('SELECT 1 FROM pg_class WHERE relname = ? AND relkind = ?', [name, 'r'])
  return rows.length > 0
}

export async function ensurePartition(p: Partition) {
  if (known.has(p.name)) return
  try {
    // Only a table's owner may add a partition: the owner's function does it (migration 0014).
    await db.rawQuery('SELECT gsn_create_sample_partition(?, ?, ?, ?)', [p.parent, p.name, p.from.toISOString(), p.to.toISOString()])
  } catch (error) {
    // Two writers creating the same partition at once: one wins, the other finds it there.
    if (!(await exists(p.name))) throw error
  }
  known.add(p.name)
}

export async function ensureDayPartitions(days: Iterable<Date>) {
  const seen = new Map<string, Partition>()
  for (const day of days) {
    const p = dayPartition(day)
    seen.set(p.name, p)
  }
  for (const p of seen.values()) await ensurePartition(p)
}

/** The month partitions of every rollup table between two instants. */
export async function ensureRollupPartitions(from: Date, to: Date) {
  for (const table of Object.values(ROLLUP_TABLES)) {
    for (let month = utcMonthStart(from); month <= to; month = addUtcMonths(month, 1)) {
      await ensurePartition(monthPartition(table, month))
    }
  }
}

/** Existing partitions of a table with their upper bounds (read from the names we gave them). */
export async function partitionsOf(parent: string) {
  const { rows } = await db.rawQuery(
    `SELECT c.relname AS name
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = ? ORDER BY c.relname`,
    [parent]
  )
  return (rows as Array<{ name: string }>).map(({ name }) => {
    const match = /_p(\d{4})(\d{2})(\d{2})?$/.exec(name)
    if (!match) return { name, to: null }
    const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, match[3] ? Number(match[3]) : null]
    const to = day === null ? new Date(Date.UTC(year, month + 1, 1)) : new Date(Date.UTC(year, month, day + 1))
    return { name, to }
  })
}

/** Drops the partitions whose every row is older than `cutoff`; returns their names. */
export async function dropPartitionsBefore(parent: string, cutoff: Date) {
  const dropped: string[] = []
  for (const p of await partitionsOf(parent)) {
    if (p.to && p.to.getTime() <= cutoff.getTime()) {
      await db.rawQuery('SELECT gsn_drop_sample_partition(?)', [p.name])
      known.delete(p.name)
      dropped.push(p.name)
    }
  }
  return dropped
}
