import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/** How a batch of imported rows is written to PostgreSQL, and how its refusals are read. */

export interface UpsertTarget {
  table: string
  /** The unique column rows are matched on (code, hostname, circuit_id…). */
  naturalKey: string
  /** The table has updated_at, which an update sets to now(). */
  touchesUpdatedAt: boolean
}

/** One row to write: its column values, and the columns an update of an existing row sets. */
export interface BatchWrite {
  payload: Record<string, unknown>
  setColumns: string[]
}

/**
 * One INSERT … ON CONFLICT (natural key) DO UPDATE for the batch (one per set of columns: a
 * new row that leaves a column to its default is written apart from rows that set it). The
 * rows travel as one JSON document that PostgreSQL turns into rows of the table's own type,
 * rather than as thousands of bound parameters. `xmax = 0` tells the rows the statement
 * inserted from those it updated.
 */
export async function upsertBatch(trx: TransactionClientContract, target: UpsertTarget, writes: BatchWrite[]) {
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`
  const groups = new Map<string, BatchWrite[]>()
  for (const write of writes) {
    const shape = Object.keys(write.payload).sort().join(',')
    if (!groups.has(shape)) groups.set(shape, [])
    groups.get(shape)!.push(write)
  }
  const saved = new Map<string, Record<string, unknown>>()
  // New rows first: a row being updated may name one inserted by this batch.
  const ordered = [...groups].sort(([a], [b]) => Number(b.split(',').includes('id')) - Number(a.split(',').includes('id')))
  for (const [shape, group] of ordered) {
    const columns = shape.split(',').map(q)
    const setColumns = [...new Set(group.flatMap((w) => w.setColumns))].filter(
      (c) => c !== target.naturalKey && c !== 'id'
    )
    const assignments = [
      ...setColumns.map((c) => `${q(c)} = EXCLUDED.${q(c)}`),
      ...(target.touchesUpdatedAt ? [`"updated_at" = now()`] : []),
    ]
    const sql =
      `INSERT INTO ${q(target.table)} (${columns.join(', ')}) ` +
      `SELECT ${columns.join(', ')} FROM json_populate_recordset(NULL::${q(target.table)}, ?::json) ` +
      `ON CONFLICT (${q(target.naturalKey)}) DO ` +
      (assignments.length ? `UPDATE SET ${assignments.join(', ')}` : 'NOTHING') +
      ` RETURNING *, (xmax = 0) AS "__inserted"`
    const result = await trx.rawQuery(sql, [JSON.stringify(group.map((w) => w.payload))])
    for (const r of result.rows as Array<Record<string, unknown>>) saved.set(String(r[target.naturalKey]), r)
  }
  return saved
}

export function sameValue(a: unknown, b: unknown) {
  if (a === b) return true
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null)
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * PostgreSQL's own words for a refusal. The query builder puts the whole statement, with the
 * batch's values, in front of them; that is not for a user's error list. A "Failing row
 * contains …" detail would list every value of the row (the sealed ones too), so only key
 * details are kept.
 */
export function databaseMessage(error: unknown) {
  const { message = '', detail } = error as { message?: string; detail?: string }
  const at = message.lastIndexOf(' - ')
  const own = at === -1 ? message : message.slice(at + 3)
  return detail?.startsWith('Key (') ? `${own} (${detail})` : own
}

/**
 * Errors that belong to the data of a row (SQLSTATE classes 22 data exception and 23 integrity
 * violation) rather than to the database being unreachable.
 */
export function isRowDataError(error: unknown) {
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' && /^2[23]/.test(code)
}
